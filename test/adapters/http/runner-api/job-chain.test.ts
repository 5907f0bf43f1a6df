/** Job-call authorisation and the token chain (SPEC §7.2 chain rule, §8.2; facts §1.2). */
import { describe, expect, it } from 'vitest';
import { b64, makeRunnerApiWorld } from './runner-api-world.js';

const log = (seq: number, text = 'line\n') => ({ seq, chunk: b64(text) });

describe('job call authorisation', () => {
  it.each([
    ['a path id that is not a number', 'abc'],
    ['path id 0', '0'],
    ['a path id past 2^53', '9007199254740993'],
  ])('answers 404 for %s, before looking at the token', async (_name, id) => {
    const w = makeRunnerApiWorld();
    const res = await w.post(`/api/v1/jobs/${id}/logs`, log(0));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'job not found', code: 'job.not_found' });
  });

  it.each([
    ['no Authorization header', undefined, 'job token required'],
    ['an empty bearer token', '', 'job token required'],
    ['a garbage token', 'not.a.jwt', 'job token invalid'],
  ])('answers 401 for %s', async (_name, token, error) => {
    const w = makeRunnerApiWorld();
    const { jobId } = await w.claimed();
    const headers: Record<string, string> = token === '' ? { authorization: 'Bearer ' } : {};
    const res = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token || undefined, headers);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe(error);
  });

  it('refuses the checkout token on the API (401)', async () => {
    const w = makeRunnerApiWorld();
    const { jobId, claim } = await w.claimed();
    const res = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), claim.job.checkout_token as string);
    expect(res.status).toBe(401);
    expect(w.metrics.counter('runner_jwt_total', { result: 'rejected' })).toBe(1);
  });

  it('refuses an expired token (401) and a token used on another job’s path (404)', async () => {
    const w = makeRunnerApiWorld();
    const first = await w.claimed();
    const second = await w.claimed();
    const other = await w.post(`/api/v1/jobs/${second.jobId}/logs`, log(0), first.token);
    expect(other.status).toBe(404);
    w.clock.advance(15 * 60_000);
    const expired = await w.post(`/api/v1/jobs/${first.jobId}/logs`, log(0), first.token);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toBe('job token invalid');
  });

  it.each([
    ['another runner', { runner: 'other' }],
    ['another run', { runId: 999 }],
  ])('answers 404 to a valid token that names %s for the job', async (_name, change) => {
    const w = makeRunnerApiWorld();
    const { runner, run, repo, jobId } = await w.claimed();
    const other = await w.runner();
    const minted = await w.deps.keys!.jobTokens.mint(
      {
        runnerId: 'runner' in change ? other.id : runner.id,
        jobId,
        runId: 'runId' in change ? change.runId : run.id,
        repoId: repo.id,
        purpose: 'api',
      },
      w.clock.now(),
    );
    const res = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), minted.token);
    expect(res.status).toBe(404);
  });
});

describe('the chain', () => {
  it('hands out a next token on every non-terminal success, and each token works once', async () => {
    const w = makeRunnerApiWorld();
    const { jobId, token } = await w.claimed();
    const first = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token);
    expect(first.status).toBe(202);
    const { next_token, next_token_expires_at } = await first.json();
    expect(next_token_expires_at).toBe('2026-01-01T00:15:00Z');
    const second = await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, next_token);
    expect(second.status).toBe(200);
    const replay = await w.post(`/api/v1/jobs/${jobId}/logs`, log(1), token);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: 'job token replayed', code: 'job.token_replayed' });
    expect(w.metrics.counter('runner_jwt_total', { result: 'replay' })).toBe(1);
    expect(w.metrics.counter('runner_jwt_total', { result: 'issued' })).toBe(4);
  });

  it.each([
    ['a malformed log chunk (400)', 'logs', { seq: 0, chunk: '***' }, 400],
    ['an unknown field (400)', 'logs', { seq: 0, chunk: b64('x'), extra: 1 }, 400],
    ['a bad status (400)', 'status', { status: 'finished' }, 400],
    [
      'a conclusion on a running step (400)',
      'steps/STEP/status',
      { status: 'running', conclusion: 'success' },
      400,
    ],
    ['a step of another job (404)', 'steps/999/status', { status: 'running' }, 404],
    ['an unknown step for a chunk (404)', 'logs', { seq: 0, chunk: b64('x'), step_id: 999 }, 404],
  ])('does not spend the token on %s', async (_name, route, body, status) => {
    const w = makeRunnerApiWorld();
    const { jobId, token, claim } = await w.claimed();
    const path = `/api/v1/jobs/${jobId}/${route.replace('STEP', String(claim.job.steps[0]!.id))}`;
    expect((await w.post(path, body, token)).status).toBe(status);
    const retry = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token);
    expect(retry.status).toBe(202);
  });

  it('does not spend the token on a 409 from the state machine', async () => {
    const w = makeRunnerApiWorld();
    const { jobId, token, claim } = await w.claimed();
    const stepPath = `/api/v1/jobs/${jobId}/steps/${claim.job.steps[0]!.id}/status`;
    const done = await w.post(stepPath, { status: 'completed', conclusion: 'success' }, token);
    const next = (await done.json()).next_token;
    const conflict = await w.post(stepPath, { status: 'running' }, next);
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).code).toBe('step.illegal_transition');
    expect((await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, next)).status).toBe(200);
  });

  it('answers a replay with 401 even when its body is also bad', async () => {
    const w = makeRunnerApiWorld();
    const { jobId, token } = await w.claimed();
    await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token);
    const res = await w.post(`/api/v1/jobs/${jobId}/logs`, '{broken', token);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('job.token_replayed');
  });

  it('ends the chain at a terminal job status: no next token, and the last token is spent', async () => {
    const w = makeRunnerApiWorld();
    const { jobId, token } = await w.claimed();
    const done = await w.post(
      `/api/v1/jobs/${jobId}/status`,
      { status: 'completed', conclusion: 'success' },
      token,
    );
    expect(await done.json()).toEqual({
      status: 'completed',
      conclusion: 'success',
      run_status: 'completed',
      run_conclusion: 'success',
    });
    expect((await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, token)).status).toBe(401);
  });
});

describe('chain recovery with the registration token', () => {
  it('mints a working API token for a job still running on that runner', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId } = await w.claimed();
    const res = await w.post(`/api/v1/jobs/${jobId}/token`, '', runner.token);
    expect(res.status).toBe(200);
    const { token, expires_at } = await res.json();
    expect(expires_at).toBe('2026-01-01T00:15:00Z');
    expect((await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token)).status).toBe(202);
  });

  it('revokes the earlier chain: its unspent token stops working, the new chain goes on (issue #12)', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token: claimToken } = await w.claimed();
    const lost = await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), claimToken);
    const { next_token: unspent } = await lost.json();
    const recovered = (await (await w.post(`/api/v1/jobs/${jobId}/token`, '', runner.token)).json()).token;
    const old = await w.post(`/api/v1/jobs/${jobId}/logs`, log(1), unspent);
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({ error: 'job token invalid', code: 'job.token_invalid' });
    const next = await w.post(`/api/v1/jobs/${jobId}/logs`, log(1), recovered);
    expect(next.status).toBe(202);
    const checked = await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, (await next.json()).next_token);
    expect(checked.status).toBe(200);
    // A second recovery revokes the second chain in turn.
    const third = (await (await w.post(`/api/v1/jobs/${jobId}/token`, '', runner.token)).json()).token;
    const second = await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, (await checked.json()).next_token);
    expect(await second.json()).toEqual({ error: 'job token invalid', code: 'job.token_invalid' });
    expect((await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, third)).status).toBe(200);
  });

  it('answers 404 for another runner’s job, a finished job or a bad id, and 401 without the token', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token } = await w.claimed();
    const stranger = await w.runner();
    expect((await w.post(`/api/v1/jobs/${jobId}/token`, {}, stranger.token)).status).toBe(404);
    expect((await w.post('/api/v1/jobs/x/token', {}, runner.token)).status).toBe(404);
    expect((await w.post(`/api/v1/jobs/${jobId}/token`, {}, 'ab'.repeat(32))).status).toBe(401);
    expect((await w.post(`/api/v1/jobs/${jobId}/token`, {}, token)).status).toBe(401);
    await w.post(`/api/v1/jobs/${jobId}/status`, { status: 'cancelled' }, token);
    expect((await w.post(`/api/v1/jobs/${jobId}/token`, {}, runner.token)).status).toBe(404);
  });

  it('answers 400 to a body with fields, leaving the chain as it was', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token } = await w.claimed();
    expect((await w.post(`/api/v1/jobs/${jobId}/token`, { job: 1 }, runner.token)).status).toBe(400);
    expect((await w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token)).status).toBe(202);
  });
});
