/**
 * Long-polling heartbeats (SPEC §7.1 `wait_seconds`) on the world's fake timer: a test
 * starts a heartbeat, waits until it sleeps on the timer, acts, then advances fake time
 * until the answer arrives. Durations are fake milliseconds, so they are exact.
 */
import { describe, expect, it } from 'vitest';
import { enqueueRun } from '../../../../src/domain/jobs/enqueue-run.js';
import { notifyRunnerChanged } from '../../../../src/domain/runner-api/wake-runners.js';
import { drainRunner, undrainRunner } from '../../../../src/domain/runners/drain-runner.js';
import { revokeRunner } from '../../../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../../src/domain/runners/rotate-registration-token.js';
import { settle } from '../../../support/agent/fake-timer.js';
import {
  type ClaimJson,
  makeRunnerApiWorld,
  plannedJob,
  plannedRun,
  type RunnerApiWorld,
} from './runner-api-world.js';

interface Timed {
  res: Response;
  /** Fake time from the request to its answer. */
  ms: number;
}

/** Starts timing a heartbeat on the world's fake clock; `answer()` advances time until it answers. */
function timed(w: RunnerApiWorld, promise: Promise<Response>) {
  const start = w.clock.now().getTime();
  let answered: Timed | undefined;
  void promise.then((res) => {
    answered = { res, ms: w.clock.now().getTime() - start };
  });
  return {
    async answer(): Promise<Timed> {
      await w.timer.until(() => answered !== undefined, { stepMs: 50, maxMs: 60_000 });
      return answered as Timed;
    },
  };
}

/** Resolves once `count` heartbeats are asleep on the timer (no fake time passes). */
async function untilWaiting(w: RunnerApiWorld, count = 1): Promise<void> {
  for (let i = 0; i < 100 && w.timer.pending() < count; i++) await settle();
  expect(w.timer.pending()).toBe(count);
}

describe('long poll', () => {
  it('answers 200 promptly when a matching job is enqueued during the wait', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const repo = await w.repo();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 2 }));
    await untilWaiting(w);
    const { jobs } = await w.enqueue(repo.id);
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(200);
    expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[0]!.id);
    expect(ms).toBeLessThan(1000);
  });

  it('answers 204 when the wait ends with nothing to claim', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const { res, ms } = await timed(w, w.heartbeat(runner.token, { wait_seconds: 1 })).answer();
    expect(res.status).toBe(204);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2000);
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'no_job' })).toBe(1);
  });

  it('answers at once without wait_seconds', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const { res, ms } = await timed(w, w.heartbeat(runner.token, { wait_seconds: 0 })).answer();
    expect(res.status).toBe(204);
    expect(ms).toBeLessThan(500);
    expect(w.timer.pending()).toBe(0);
  });

  it('keeps waiting through a job for labels it lacks', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const repo = await w.repo();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 1 }));
    await untilWaiting(w);
    await w.enqueue(repo.id, { jobs: [plannedJob('win', { runsOn: ['windows-latest'] })] });
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(204);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('claims at the end of the wait a job whose wake-up was lost', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const repo = await w.repo();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 1 }));
    await untilWaiting(w);
    await enqueueRun({ runs: w.deps.runs, clock: w.clock }, plannedRun(repo.id));
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('ends the wait at once with 204 when the runner is drained', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 5 }));
    await untilWaiting(w);
    await drainRunner(w.deps, { id: runner.id });
    await notifyRunnerChanged(w.deps, runner.id, 'drained');
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(204);
    expect(ms).toBeLessThan(1000);
  });

  it('ends the wait at once with 401 when the runner is revoked', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 5 }));
    await untilWaiting(w);
    await revokeRunner(w.deps, { id: runner.id });
    await notifyRunnerChanged(w.deps, runner.id, 'revoked');
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(401);
    expect(ms).toBeLessThan(1000);
  });

  it('gives no job to a waiting heartbeat whose token was rotated meanwhile', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 5 }));
    await untilWaiting(w);
    await rotateRegistrationToken({ ...w.deps, random: w.random }, { id: runner.id });
    const { jobs } = await w.enqueue((await w.repo()).id);
    const { res } = await waiting.answer();
    expect(res.status).toBe(401);
    expect((await w.deps.runs.getJob(jobs[0]!.id))?.status).toBe('queued');
  });

  it('ends every wait at once with 204 when the server shuts down', async () => {
    const w = makeRunnerApiWorld();
    const runners = [await w.runner(), await w.runner()];
    const waiting = runners.map((r) => timed(w, w.heartbeat(r.token, { wait_seconds: 5 })));
    await untilWaiting(w, 2);
    await w.wake.close();
    for (const t of waiting) {
      const { res, ms } = await t.answer();
      expect(res.status).toBe(204);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('claims promptly when a drained, waiting runner is undrained', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    await drainRunner(w.deps, { id: runner.id });
    await w.enqueue((await w.repo()).id);
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 5 }));
    await untilWaiting(w);
    await undrainRunner(w.deps, { id: runner.id });
    await notifyRunnerChanged(w.deps, runner.id, 'undrained');
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(1000);
  });

  it('claims promptly when a finished job frees the runner’s capacity', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner({ capacity: 1 });
    const { jobs } = await w.enqueue((await w.repo()).id, { jobs: [plannedJob('a'), plannedJob('b')] });
    const first = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
    const waiting = timed(w, w.heartbeat(runner.token, { wait_seconds: 5, active_job_ids: [first.job.id] }));
    await untilWaiting(w);
    const done = { status: 'completed', conclusion: 'success' };
    expect((await w.post(`/api/v1/jobs/${first.job.id}/status`, done, first.token)).status).toBe(200);
    const { res, ms } = await waiting.answer();
    expect(res.status).toBe(200);
    expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[1]!.id);
    expect(ms).toBeLessThan(1000);
  });

  it('hands one job to exactly one of many waiting runners', async () => {
    const w = makeRunnerApiWorld();
    const runners = await Promise.all(Array.from({ length: 5 }, () => w.runner()));
    const waiting = runners.map((r) => timed(w, w.heartbeat(r.token, { wait_seconds: 1 })));
    await untilWaiting(w, 5);
    await w.enqueue((await w.repo()).id);
    const answers = [];
    for (const t of waiting) answers.push(await t.answer());
    expect(answers.map(({ res }) => res.status).sort()).toEqual([200, 204, 204, 204, 204]);
  });
});
