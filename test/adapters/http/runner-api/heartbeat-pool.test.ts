/** The pool operations as a runner sees them through its heartbeat (SPEC §9.2, §10.5). */
import { describe, expect, it } from 'vitest';
import { drainRunner, undrainRunner } from '../../../../src/domain/runners/drain-runner.js';
import { revokeRunner } from '../../../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../../src/domain/runners/rotate-registration-token.js';
import { type ClaimJson, makeRunnerApiWorld, plannedJob } from './runner-api-world.js';

describe('a drained runner', () => {
  it('answers 204 while a matching job is queued, and claims that job after undrain', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    await drainRunner(w.deps, { id: runner.id, reason: 'kernel update' });
    const { jobs } = await w.enqueue((await w.repo()).id);
    expect((await w.heartbeat(runner.token)).status).toBe(204);
    expect((await w.deps.runs.getJob(jobs[0]!.id))?.status).toBe('queued');
    await undrainRunner(w.deps, { id: runner.id });
    const res = await w.heartbeat(runner.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[0]!.id);
  });

  it('still finishes the job it holds', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token } = await w.claimed();
    await drainRunner(w.deps, { id: runner.id });
    const res = await w.post(
      `/api/v1/jobs/${jobId}/status`,
      { status: 'completed', conclusion: 'success' },
      token,
    );
    expect(res.status).toBe(200);
  });
});

describe('a revoked runner', () => {
  it('gets 401 on its heartbeat and on its existing job token', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token } = await w.claimed();
    await revokeRunner(w.deps, { id: runner.id, reason: 'compromised' });
    const beat = await w.heartbeat(runner.token);
    expect(beat.status).toBe(401);
    expect((await beat.json()).error).toBe('runner token invalid');
    const call = await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, token);
    expect(call.status).toBe(401);
    expect(await call.json()).toEqual({ error: 'job token invalid', code: 'job.token_invalid' });
    expect(w.metrics.counter('runner_jwt_total', { result: 'rejected' })).toBe(1);
  });

  it('gets 401 when revoked between authentication and the claim', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const claim = w.deps.queue.claim.bind(w.deps.queue);
    w.deps.queue.claim = async (request) => {
      await revokeRunner(w.deps, { id: runner.id });
      return claim(request);
    };
    const res = await w.heartbeat(runner.token);
    expect(res.status).toBe(401);
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'rejected' })).toBe(1);
  });
});

describe('a rotated token', () => {
  it('stops working while the new one works', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const rotated = await rotateRegistrationToken({ ...w.deps, random: w.random }, { id: runner.id });
    expect((await w.heartbeat(runner.token)).status).toBe(401);
    expect((await w.heartbeat(rotated.token)).status).toBe(204);
    await w.enqueue((await w.repo()).id);
    expect((await w.heartbeat(rotated.token)).status).toBe(200);
  });
});

describe('active_job_ids reconciliation', () => {
  it('ends a running job the runner no longer lists, before claiming the next one', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner({ capacity: 1 });
    const { run, jobs } = await w.enqueue((await w.repo()).id, { jobs: [plannedJob('a'), plannedJob('b')] });
    const first = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
    expect(first.job.id).toBe(jobs[0]!.id);
    const res = await w.heartbeat(runner.token, { active_job_ids: [] });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[1]!.id);
    expect(await w.deps.runs.getJob(jobs[0]!.id)).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      statusReason: 'runner_lost',
    });
    expect((await w.deps.runs.getRun(run.id))?.status).toBe('running');
  });

  it('leaves the jobs it lists running', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId } = await w.claimed();
    expect((await w.heartbeat(runner.token, { active_job_ids: [jobId] })).status).toBe(204);
    expect((await w.deps.runs.getJob(jobId))?.status).toBe('running');
  });

  it('answers a late report on a reconciled job with 409', async () => {
    const w = makeRunnerApiWorld();
    const { runner, jobId, token } = await w.claimed();
    await w.heartbeat(runner.token, { active_job_ids: [] });
    const res = await w.post(
      `/api/v1/jobs/${jobId}/status`,
      { status: 'completed', conclusion: 'success' },
      token,
    );
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('job.not_assigned');
  });
});
