import { describe, expect, it } from 'vitest';
import { updateStepStatus } from '../../src/domain/jobs/update-step-status.js';
import type { ClaimedJob } from '../../src/ports/model/queue.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';

const MINUTE = 60_000;

/** `JobQueue.returnUndelivered` (a claim whose answer never reached the runner); inside a JobQueue suite. */
export function describeJobQueueReturn(world: () => JobWorld): void {
  describe('returning an undelivered claim', () => {
    const setUp = async (jobs = [plannedJob('a')]) => {
      const w = world();
      const runnerId = await w.seed.runner({ capacity: 4 });
      const enqueued = await w.runs.enqueueRun(plannedRun(await w.seed.repo(), { jobs }), w.clock.now());
      w.clock.advance(MINUTE);
      const outcome = await w.queue.claim({ runnerId, now: w.clock.now() });
      if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
      return { w, runnerId, enqueued, got: outcome as ClaimedJob };
    };
    const giveBack = (w: JobWorld, jobId: number, runnerId: number, maxUndelivered = 3) =>
      w.queue.returnUndelivered({ jobId, runnerId, now: w.clock.now(), maxUndelivered });

    it('queues the same job again, unassigned, and its run with it, for the next claim', async () => {
      const { w, runnerId, enqueued, got } = await setUp();
      expect(await giveBack(w, got.job.id, runnerId)).toBe('requeued');
      expect(await w.runs.getJob(got.job.id)).toMatchObject({
        status: 'queued',
        runnerId: null,
        startedAt: null,
        deadlineAt: null,
        statusReason: null,
      });
      expect(await w.runs.getRun(enqueued.run.id)).toMatchObject({ status: 'queued', startedAt: null });
      const again = await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(again.kind === 'claimed' && again.job.id).toBe(got.job.id);
    });

    it('leaves the run running when another of its jobs left the queue', async () => {
      const { w, runnerId, enqueued, got } = await setUp([plannedJob('a'), plannedJob('b')]);
      const other = await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(other.kind).toBe('claimed');
      expect(await giveBack(w, got.job.id, runnerId)).toBe('requeued');
      expect((await w.runs.getRun(enqueued.run.id))?.status).toBe('running');
    });

    it('answers not_claimed for another runner, a job not running, or one whose step began', async () => {
      const { w, runnerId, got } = await setUp();
      const stranger = await w.seed.runner();
      expect(await giveBack(w, got.job.id, stranger)).toBe('not_claimed');
      const step = got.steps[0]!;
      await updateStepStatus(w, { jobId: got.job.id, runnerId, stepId: step.id, status: 'running' });
      expect(await giveBack(w, got.job.id, runnerId)).toBe('not_claimed');
      expect((await w.runs.getJob(got.job.id))?.status).toBe('running');
      expect(await giveBack(w, 99_999, runnerId)).toBe('not_claimed');
    });

    it('counts the returns and answers exhausted, changing nothing, past the allowed number', async () => {
      const { w, runnerId, got } = await setUp();
      expect(await giveBack(w, got.job.id, runnerId, 2)).toBe('requeued');
      await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(await giveBack(w, got.job.id, runnerId, 2)).toBe('requeued');
      await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(await giveBack(w, got.job.id, runnerId, 2)).toBe('exhausted');
      expect(await w.runs.getJob(got.job.id)).toMatchObject({ status: 'running', runnerId });
    });
  });
}
