import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../../../../src/adapters/http/errors.js';
import { mountTriggerRoutes } from '../../../../src/adapters/http/triggers/mount.js';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import { DISPATCH, makeTriggerWorld, type TriggerWorld } from '../../../support/trigger-world.js';

const DIR = '.shithub/workflows';

describe('dispatch, fork and pull request routes', () => {
  let w: TriggerWorld;
  let app: Hono;
  let ada = '';
  let bob = '';
  const call = (method: string, path: string, pat: string | null, body?: string) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body }),
      headers: { 'content-type': 'application/json', ...(pat ? { authorization: `Bearer ${pat}` } : {}) },
    });

  beforeEach(async () => {
    w = makeTriggerWorld();
    await w.user('ada');
    await w.user('bob');
    const repo = await w.repo('ada');
    await w.repo('ada', 'secret', true);
    w.git.commit(repo, 'trunk', { [`${DIR}/deploy.yml`]: DISPATCH });
    ada = (await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:write'] })).token;
    bob = (await createAccessToken(w.deps, { userName: 'bob', scopes: ['repo:read'] })).token;
    app = new Hono();
    app.onError(errorHandler({ error: () => {} }));
    mountTriggerRoutes(app, { ...w.deps, baseUrl: 'http://shithub.test', logger: { error: () => {} } });
  });

  it('dispatches on both paths with 204', async () => {
    const body = JSON.stringify({ inputs: { target: 'staging' } });
    expect(
      (await call('POST', '/api/v1/repos/ada/scratch/actions/workflows/deploy.yml/dispatches', ada, body))
        .status,
    ).toBe(204);
    expect(
      (await call('POST', '/ada/scratch/actions/workflows/deploy.yml/dispatches', ada, body)).status,
    ).toBe(204);
    expect(w.runs()).toHaveLength(2);
  });

  it.each([
    ['no token', null, '{}', 401, 'token.required'],
    ['a hidden repository', 'bob', '{}', 404, 'repo.not_found'],
    ['a read-only token', 'bob-public', '{}', 403, 'repo.forbidden'],
    ['text that is not JSON', 'ada', '{', 400, 'request.json_invalid'],
    ['an unknown field', 'ada', '{"branch":"trunk"}', 400, 'request.body_invalid'],
    ['inputs of the wrong shape', 'ada', '{"inputs":{"target":["a"]}}', 400, 'request.body_invalid'],
    ['bad inputs', 'ada', '{"inputs":{"target":"moon"}}', 422, 'workflow.inputs_invalid'],
    ['an unknown ref', 'ada', '{"ref":"nope","inputs":{"target":"staging"}}', 422, 'dispatch.ref_not_found'],
  ])('answers a dispatch with %s: %i %s', async (_name, who, body, status, code) => {
    const repo = who === 'bob' ? 'secret' : 'scratch';
    const pat = who === null ? null : who.startsWith('bob') ? bob : ada;
    const response = await call(
      'POST',
      `/api/v1/repos/ada/${repo}/actions/workflows/deploy.yml/dispatches`,
      pat,
      body,
    );
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
    expect(w.runs()).toEqual([]);
  });

  it('forks with 202, then opens, reads and closes a pull request', async () => {
    const mallory = await w.user('mallory');
    const token = (await createAccessToken(w.deps, { userName: 'mallory', scopes: ['repo:write'] })).token;
    const forked = await call('POST', '/api/v1/repos/ada/scratch/forks', token);
    expect(forked.status).toBe(202);
    expect(await forked.json()).toMatchObject({
      full_name: 'mallory/scratch',
      fork: true,
      owner: { login: 'mallory' },
    });
    w.git.commit({ ownerName: 'mallory', name: 'scratch' }, 'patch', { 'x.txt': 'x' });
    const body = JSON.stringify({ title: 'Fix', head: 'mallory:patch', base: 'trunk' });
    const opened = await call('POST', '/api/v1/repos/ada/scratch/pulls', token, body);
    expect(opened.status).toBe(201);
    expect(await opened.json()).toMatchObject({
      number: 1,
      state: 'open',
      user: { login: 'mallory' },
      head: { ref: 'patch', label: 'mallory:patch', repo: { full_name: 'mallory/scratch' } },
      base: { ref: 'trunk', repo: { full_name: 'ada/scratch' } },
    });
    expect((await call('GET', '/api/v1/repos/ada/scratch/pulls/1', bob)).status).toBe(200);
    expect((await call('GET', '/api/v1/repos/ada/scratch/pulls/2', bob)).status).toBe(404);
    expect((await call('GET', '/api/v1/repos/ada/scratch/pulls/x', bob)).status).toBe(404);
    const closed = await call('PATCH', '/api/v1/repos/ada/scratch/pulls/1', token, '{"state":"closed"}');
    expect(await closed.json()).toMatchObject({ state: 'closed' });
    const bad = await call('PATCH', '/api/v1/repos/ada/scratch/pulls/1', token, '{"state":"merged"}');
    expect(bad.status).toBe(400);
    void mallory;
  });

  it('refuses a fork or pull request with a read-only token and a pull request with bad fields', async () => {
    expect((await call('POST', '/api/v1/repos/ada/scratch/forks', bob)).status).toBe(403);
    const extra = await call('POST', '/api/v1/repos/ada/scratch/forks', ada, '{"organization":"acme"}');
    expect(extra.status).toBe(400);
    const missing = await call('POST', '/api/v1/repos/ada/scratch/pulls', ada, '{"title":"x"}');
    expect(missing.status).toBe(400);
    const noHead = await call(
      'POST',
      '/api/v1/repos/ada/scratch/pulls',
      ada,
      '{"title":"x","head":"nope","base":"trunk"}',
    );
    expect(noHead.status).toBe(422);
  });
});
