import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimedJob, ClaimOutcome } from '../../src/ports/model/queue.js';
import type { JobBackend, JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { describeJobQueueLimits } from './job-queue-limits.contract.js';
import { describeJobQueuePredicates } from './job-queue-predicates.contract.js';
import { describeJobQueueReturn } from './job-queue-return.contract.js';
import { describeJobQueueViews } from './job-queue-views.contract.js';

const MINUTE = 60_000;

/** Narrows a claim outcome to a claimed job, failing the test otherwise. */
export function claimed(outcome: ClaimOutcome): ClaimedJob {
  if (outcome.kind !== 'claimed') throw new Error(`expected a claimed job, got ${outcome.kind}`);
  return outcome;
}

/** Runs the JobQueue contract against one backend: claim basics, each predicate, the views. */
export function describeJobQueueContract(name: string, openBackend: () => Promise<JobBackend>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let backend: JobBackend;
    let w: JobWorld;
    let repoId: number;
    let runnerId: number;

    beforeAll(async () => {
      backend = await openBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      w = await backend.fresh();
      repoId = await w.seed.repo();
      runnerId = await w.seed.runner({ capacity: 4 });
    });

    const claim = (extra: Partial<Parameters<JobWorld['queue']['claim']>[0]> = {}) =>
      w.queue.claim({ runnerId, now: w.clock.now(), ...extra });

    it('hands out the oldest job first, by creation time and then id', async () => {
      const first = await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('a'), plannedJob('b')] }),
        w.clock.now(),
      );
      w.clock.advance(MINUTE);
      const second = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      const order = [];
      for (let i = 0; i < 3; i++) order.push(claimed(await claim()).job.id);
      expect(order).toEqual([first.jobs[0]!.id, first.jobs[1]!.id, second.jobs[0]!.id]);
      expect((await claim()).kind).toBe('no_job');
    });

    it('marks the job running on the runner with a deadline of now plus its timeout', async () => {
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('a', { timeoutMinutes: 7 })] }),
        w.clock.now(),
      );
      w.clock.advance(MINUTE);
      const got = claimed(await claim());
      expect(got.job).toMatchObject({
        id: jobs[0]!.id,
        status: 'running',
        runnerId,
        startedAt: w.clock.now(),
      });
      expect(got.job.deadlineAt).toEqual(new Date(w.clock.now().getTime() + 7 * MINUTE));
      expect(await w.runs.getJob(jobs[0]!.id)).toEqual(got.job);
    });

    it('starts a queued run and returns it with the steps in order and the repository', async () => {
      const { run } = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      const got = claimed(await claim());
      expect(got.run).toMatchObject({ id: run.id, status: 'running', startedAt: w.clock.now() });
      expect(got.steps.map((s) => [s.stepIndex, s.stepName])).toEqual([
        [0, 'build-1'],
        [1, 'build-2'],
      ]);
      expect(got.repo).toMatchObject({ id: repoId, name: expect.any(String), ownerName: expect.any(String) });
      expect((await w.runs.getRun(run.id))?.status).toBe('running');
    });

    it('keeps the start time of a run that is already running', async () => {
      const { run } = await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('a'), plannedJob('b')] }),
        w.clock.now(),
      );
      await claim();
      w.clock.advance(MINUTE);
      const got = claimed(await claim());
      expect(got.run.startedAt).toEqual((await w.runs.getRun(run.id))?.startedAt);
      expect(got.run.startedAt).not.toEqual(w.clock.now());
    });

    it('stores the heartbeat fields it is given and the heartbeat time', async () => {
      w.clock.advance(5 * MINUTE);
      await claim({ labels: ['gpu'], capacity: 3, hostName: 'host-1', version: '1.2.3' });
      const runner = await w.lifecycle.findRunner(runnerId);
      expect(runner).toMatchObject({
        labels: ['gpu'],
        capacity: 3,
        hostName: 'host-1',
        version: '1.2.3',
        status: 'idle',
      });
      expect(runner?.lastHeartbeatAt).toEqual(w.clock.now());
    });

    it('keeps stored heartbeat fields that are not given', async () => {
      await claim({ hostName: 'host-1', version: '1' });
      await claim();
      expect(await w.lifecycle.findRunner(runnerId)).toMatchObject({
        hostName: 'host-1',
        version: '1',
        capacity: 4,
      });
    });

    it('marks the runner busy when the claim fills its capacity, idle otherwise', async () => {
      await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('a'), plannedJob('b')] }),
        w.clock.now(),
      );
      await claim({ capacity: 2 });
      expect((await w.lifecycle.findRunner(runnerId))?.status).toBe('idle');
      await claim({ capacity: 2 });
      expect((await w.lifecycle.findRunner(runnerId))?.status).toBe('busy');
    });

    it('answers at_capacity and marks the runner busy when its running jobs fill it', async () => {
      await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: [plannedJob('a'), plannedJob('b')] }),
        w.clock.now(),
      );
      claimed(await claim({ capacity: 1 }));
      expect((await claim({ capacity: 1 })).kind).toBe('at_capacity');
      expect((await w.lifecycle.findRunner(runnerId))?.status).toBe('busy');
    });

    it('answers draining to a draining runner even with matching jobs queued, and stores the heartbeat', async () => {
      const draining = await w.seed.runner({ drainingAt: w.clock.now() });
      await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      w.clock.advance(MINUTE);
      expect((await w.queue.claim({ runnerId: draining, now: w.clock.now() })).kind).toBe('draining');
      const runner = await w.lifecycle.findRunner(draining);
      expect(runner).toMatchObject({ status: 'idle', lastHeartbeatAt: w.clock.now() });
      expect((await w.queue.listQueueGroups())[0]?.queuedJobs).toBe(1);
    });

    it('answers revoked to a revoked runner and stores nothing', async () => {
      const revoked = await w.seed.runner({ revokedAt: w.clock.now(), status: 'offline' });
      await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      w.clock.advance(MINUTE);
      expect((await w.queue.claim({ runnerId: revoked, now: w.clock.now(), hostName: 'x' })).kind).toBe(
        'revoked',
      );
      expect(await w.lifecycle.findRunner(revoked)).toMatchObject({ status: 'offline', hostName: '' });
      expect((await w.queue.listQueueGroups())[0]?.queuedJobs).toBe(1);
    });

    it('answers unknown_runner for an id with no runner', async () => {
      expect((await w.queue.claim({ runnerId: 999, now: w.clock.now() })).kind).toBe('unknown_runner');
    });

    it('answers no_job with an empty queue and marks the runner idle', async () => {
      expect((await claim()).kind).toBe('no_job');
      expect((await w.lifecycle.findRunner(runnerId))?.status).toBe('idle');
    });

    it('never hands the same job to two concurrent claimers', async () => {
      const runners = await Promise.all([1, 2, 3, 4].map(() => w.seed.runner({ capacity: 8 })));
      await w.runs.enqueueRun(
        plannedRun(repoId, { jobs: ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => plannedJob(k)) }),
        w.clock.now(),
      );
      const outcomes = await Promise.all(
        [...runners, ...runners].map((id) => w.queue.claim({ runnerId: id, now: w.clock.now() })),
      );
      const ids = outcomes.flatMap((o) => (o.kind === 'claimed' ? [o.job.id] : []));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
    });

    describeJobQueuePredicates(() => w);
    describeJobQueueLimits(() => w);
    describeJobQueueReturn(() => w);
    describeJobQueueViews(() => w);
  });
}
