import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

const VALUE = 'hunter2-very-secret';

describe('PAT API: repository secrets', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const secrets = '/api/v1/repos/ada/app/actions/secrets';
  const put = (name: string, body: unknown, as = token) =>
    w.call('PUT', `${secrets}/${name}`, { token: as, body });

  it('creates with 201, replaces with 204, lists names and dates, never values', async () => {
    const created = await put('DEPLOY_KEY', { value: VALUE });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    w.clock.advance(60_000);
    const replaced = await put('deploy_key', { value: `${VALUE}-2` });
    expect(replaced.status).toBe(204);
    const listed = await w.call('GET', secrets, { token });
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({
      total_count: 1,
      secrets: [
        {
          name: 'deploy_key',
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:01:00.000Z',
        },
      ],
    });
    expect(listed.text).not.toContain(VALUE);
    const [stored] = [...w.state.tables.secrets.values()];
    expect(new TextDecoder().decode(w.secretBox.open(stored!))).toBe(`${VALUE}-2`);
  });

  it('deletes with 204 and answers 404 for an unknown name', async () => {
    await put('TOKEN', { value: VALUE });
    expect((await w.call('DELETE', `${secrets}/token`, { token })).status).toBe(204);
    const again = await w.call('DELETE', `${secrets}/TOKEN`, { token });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: 'secret "TOKEN" not found', code: 'secret.not_found' });
  });

  it.each([
    ['a bad name', '1BAD', { value: VALUE }, 'secret.name_invalid'],
    ['a reserved name', 'GITHUB_TOKEN', { value: VALUE }, 'secret.name_invalid'],
    ['an empty value', 'OK', { value: '' }, 'secret.value_invalid'],
    ['a missing value', 'OK', {}, 'request.body_invalid'],
    ['a value that is not a string', 'OK', { value: 42 }, 'request.body_invalid'],
    ['an unknown field', 'OK', { value: VALUE, visibility: 'all' }, 'request.body_invalid'],
  ])('answers 400 for %s and stores nothing', async (_, name, body, code) => {
    const res = await put(name, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code });
    expect(res.text).not.toContain(VALUE);
    expect(w.state.tables.secrets.size).toBe(0);
  });

  it('keeps secrets to repository admins; changing them needs a repo:write token', async () => {
    const writer = await w.userWithToken('bob');
    await w.grant(repo, 'bob', 'write');
    const res = await put('KEY', { value: VALUE }, writer.token);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'admin access to ada/app is required', code: 'repo.forbidden' });
    expect((await w.call('GET', secrets, { token: writer.token })).status).toBe(403);
    const reading = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:read'] });
    expect((await put('KEY', { value: VALUE }, reading.token)).json).toMatchObject({
      code: 'token.scope_insufficient',
    });
    expect((await w.call('GET', secrets, { token: reading.token })).status).toBe(200);
    const stranger = await w.userWithToken('eve');
    await w.repo('ada', 'hidden', true);
    const hidden = await w.call('GET', '/api/v1/repos/ada/hidden/actions/secrets', { token: stranger.token });
    expect(hidden.status).toBe(404);
  });

  it('answers 503 to a write when the server has no secret key, and still lists', async () => {
    const keyless = makePatWorld({ secretBox: null });
    const owner = await keyless.userWithToken('ada');
    await keyless.repo('ada', 'app');
    const res = await keyless.call('PUT', `${secrets}/KEY`, { token: owner.token, body: { value: VALUE } });
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ code: 'secrets.unavailable' });
    expect((await keyless.call('GET', secrets, { token: owner.token })).json).toEqual({
      total_count: 0,
      secrets: [],
    });
  });
});

describe('PAT API: POST /api/v1/user/repos', () => {
  let w: PatWorld;
  let token: string;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
  });

  const create = (body: unknown, as = token) => w.call('POST', '/api/v1/user/repos', { token: as, body });

  it('creates a repository owned by the caller and answers 201', async () => {
    const res = await create({ name: 'tools', private: true, default_branch: 'main' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: 1,
      name: 'tools',
      full_name: 'ada/tools',
      owner: { login: 'ada' },
      private: true,
      fork: false,
      default_branch: 'main',
      created_at: '2026-01-01T00:00:00.000Z',
      html_url: 'https://shithub.test/ada/tools',
      clone_url: 'https://shithub.test/ada/tools.git',
    });
    expect(await w.gitRepos.exists('ada', 'tools')).toBe(true);
    const defaults = await create({ name: 'plain' });
    expect(defaults.json).toMatchObject({ private: false, default_branch: 'trunk' });
  });

  it('answers 409 when the caller already has that name', async () => {
    await create({ name: 'tools' });
    const res = await create({ name: 'TOOLS' });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'repo.exists' });
  });

  it.each([
    ['a bad name', { name: 'no spaces' }, 'repo.name_invalid'],
    ['a bad branch', { name: 'ok', default_branch: 'a..b' }, 'repo.default_branch_invalid'],
    ['a missing name', {}, 'request.body_invalid'],
    ['an unknown field', { name: 'ok', description: 'x' }, 'request.body_invalid'],
    ['private as text', { name: 'ok', private: 'yes' }, 'request.body_invalid'],
  ])('answers 400 for %s', async (_, body, code) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code });
    expect(w.state.tables.repos.size).toBe(0);
  });

  it('answers 403 to a repo:read token and 401 without one', async () => {
    const reading = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:read'] });
    expect((await create({ name: 'x' }, reading.token)).status).toBe(403);
    expect((await create({ name: 'x' }, '')).status).toBe(401);
    expect(w.state.tables.repos.size).toBe(0);
  });
});
