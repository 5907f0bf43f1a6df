import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessToken, revokeAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

describe('PAT API authentication and repository access', () => {
  let w: PatWorld;
  let owner: { token: string };
  let jobId: number;
  let runId: number;

  beforeEach(async () => {
    w = makePatWorld();
    owner = await w.userWithToken('ada');
    const repo = await w.repo('ada', 'secret-sauce', true);
    const { run, jobs } = await w.enqueue(repo.id);
    runId = run.id;
    jobId = jobs[0]!.id;
  });

  const cancel = (token?: string | null, headers?: Record<string, string>) =>
    w.call('POST', `/api/v1/jobs/${jobId}/cancel`, { token, headers });

  it('answers 401 token.required with a Bearer challenge when no token is sent', async () => {
    const res = await cancel(null);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'access token required', code: 'token.required' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="shithub"');
  });

  it.each([
    ['an unknown token', `Bearer shp_${'0'.repeat(64)}`],
    ['a malformed token', 'Bearer not-a-token'],
    ['Basic credentials', 'Basic YWRhOnBhc3N3b3Jk'],
    ['a scheme without a token', 'Bearer'],
  ])('answers 401 token.invalid for %s', async (_, authorization) => {
    const res = await cancel(null, { authorization });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid access token', code: 'token.invalid' });
    expect((await w.runs.getJob(jobId))?.status).toBe('queued');
  });

  it('answers 401 for a revoked token and for an expired one', async () => {
    const revoked = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:write'] });
    await revokeAccessToken(w.deps, { id: revoked.pat.id });
    expect((await cancel(revoked.token)).status).toBe(401);
    const expiring = await createAccessToken(w.deps, {
      userName: 'ada',
      scopes: ['repo:write'],
      expiresInMs: 1000,
    });
    w.clock.advance(1000);
    expect((await cancel(expiring.token)).status).toBe(401);
  });

  it('accepts the token under the `token` scheme too', async () => {
    const res = await cancel(null, { authorization: `token ${owner.token}` });
    expect(res.status).toBe(202);
  });

  it('answers 404 for a private repository the caller cannot see, exactly as for a missing run', async () => {
    const stranger = await w.userWithToken('eve');
    const hidden = await w.call('POST', `/api/v1/runs/${runId}/cancel`, { token: stranger.token });
    const missing = await w.call('POST', '/api/v1/runs/999/cancel', { token: stranger.token });
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual({ error: `run ${runId} not found`, code: 'run.not_found' });
    expect(missing.json).toEqual({ error: 'run 999 not found', code: 'run.not_found' });
    const listing = await w.call('GET', '/api/v1/repos/ada/secret-sauce/actions/runs', {
      token: stranger.token,
    });
    expect(listing.status).toBe(404);
    expect(listing.json).toMatchObject({ code: 'repo.not_found' });
  });

  it('answers 403 repo.forbidden to a reader who tries to write', async () => {
    const reader = await w.userWithToken('bob');
    await w.grant((await w.deps.repos.getRepoByPath('ada', 'secret-sauce'))!, 'bob', 'read');
    const res = await cancel(reader.token);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: 'write access to ada/secret-sauce is required',
      code: 'repo.forbidden',
    });
    expect((await w.runs.getJob(jobId))?.status).toBe('queued');
    const read = await w.call('GET', '/api/v1/repos/ada/secret-sauce/actions/runs', { token: reader.token });
    expect(read.status).toBe(200);
  });

  it('answers 403 token.scope_insufficient to a repo:read token of the owner', async () => {
    const { token } = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:read'] });
    const res = await cancel(token);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: 'this access token lacks the repo:write scope',
      code: 'token.scope_insufficient',
    });
    expect((await w.call('GET', '/api/v1/repos/ada/secret-sauce/actions/runs', { token })).status).toBe(200);
  });

  it('lets a write collaborator and a site admin act', async () => {
    const writer = await w.userWithToken('cy');
    await w.grant((await w.deps.repos.getRepoByPath('ada', 'secret-sauce'))!, 'cy', 'write');
    expect((await w.call('POST', `/api/v1/runs/${runId}/cancel`, { token: writer.token })).status).toBe(202);
    const admin = await w.userWithToken('root', ['admin'], true);
    expect((await cancel(admin.token)).status).toBe(202);
  });

  it('lets anyone read a public repository’s runs but not change them', async () => {
    const pub = await w.repo('ada', 'open');
    const { run } = await w.enqueue(pub.id);
    const stranger = await w.userWithToken('eve', ['repo:read']);
    const list = await w.call('GET', '/api/v1/repos/ada/open/actions/runs', { token: stranger.token });
    expect(list.status).toBe(200);
    const writer = await w.userWithToken('mallory');
    const res = await w.call('POST', `/api/v1/runs/${run.id}/cancel`, { token: writer.token });
    expect(res.status).toBe(403);
  });

  it('never mounts a PAT route for a method it does not serve', async () => {
    const res = await w.call('GET', `/api/v1/jobs/${jobId}/cancel`, { token: owner.token });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'route.not_found' });
  });
});
