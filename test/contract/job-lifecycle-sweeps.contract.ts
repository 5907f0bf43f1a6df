import { describe, expect, it } from 'vitest';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { convergeCancellations } from '../../src/domain/jobs/converge-cancellations.js';
import { expireOverdueJobs } from '../../src/domain/jobs/expire-overdue-jobs.js';
import {
  reconcileActiveJobs,
  recoverLostRunners,
  recoverStaleJobs,
} from '../../src/domain/jobs/lost-runners.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import { updateStepStatus } from '../../src/domain/jobs/update-step-status.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob } from '../support/job-seed.js';
import { failure, startRun } from './job-lifecycle.contract.js';

const MINUTE = 60_000;

/** Deadline expiry, cancel convergence and lost-runner recovery; runs inside the lifecycle suite. */
export function describeJobLifecycleSweeps(world: () => JobWorld): void {
  const stepsOf = async (jobId: number) =>
    (await world().runs.listSteps([jobId])).map((s) => [s.status, s.conclusion]);

  describe('deadline expiry', () => {
    it('times a job out only once its deadline plus the minute of grace has passed', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('slow', { timeoutMinutes: 1 })]);
      const jobId = jobs[0]!.id;
      const [step] = await w.runs.listSteps([jobId]);
      await updateStepStatus(w, { jobId, stepId: step!.id, runnerId, status: 'running' });
      w.clock.advance(2 * MINUTE);
      expect(await expireOverdueJobs(w)).toEqual({ finalisedJobIds: [], completedRunIds: [] });
      w.clock.advance(1);
      expect(await expireOverdueJobs(w)).toEqual({ finalisedJobIds: [jobId], completedRunIds: [run.id] });
      expect(await w.runs.getJob(jobId)).toMatchObject({
        status: 'completed',
        conclusion: 'timed_out',
        statusReason: 'deadline_exceeded',
        completedAt: w.clock.now(),
      });
      expect(await stepsOf(jobId)).toEqual([
        ['completed', 'timed_out'],
        ['skipped', 'skipped'],
      ]);
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
      expect(await expireOverdueJobs(w)).toEqual({ finalisedJobIds: [], completedRunIds: [] });
    });

    it('honours a custom grace and answers 409 to the late runner', async () => {
      const w = world();
      const { runnerId, jobs } = await startRun(w, [plannedJob('slow', { timeoutMinutes: 1 })]);
      w.clock.advance(MINUTE + 1);
      expect((await expireOverdueJobs(w, { graceMs: 0 })).finalisedJobIds).toEqual([jobs[0]!.id]);
      const late = updateJobStatus(w, {
        jobId: jobs[0]!.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
      });
      expect(await failure(late)).toMatchObject({ kind: 'conflict', code: 'job.not_assigned' });
    });

    it('ends cancelled a job whose cancel was requested before its deadline', async () => {
      const w = world();
      const { run, jobs } = await startRun(w, [plannedJob('slow', { timeoutMinutes: 1 })]);
      await cancelRun(w, { runId: run.id, reason: 'user' });
      w.clock.advance(2 * MINUTE + 1);
      expect((await expireOverdueJobs(w)).finalisedJobIds).toEqual([jobs[0]!.id]);
      expect(await w.runs.getJob(jobs[0]!.id)).toMatchObject({
        status: 'cancelled',
        conclusion: 'cancelled',
      });
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    });
  });

  describe('cancel convergence', () => {
    it('ends a running job cancelled when its runner never confirmed the cancel', async () => {
      const w = world();
      const { run, jobs } = await startRun(w, [plannedJob('a')]);
      await cancelRun(w, { runId: run.id, reason: 'user' });
      w.clock.advance(MINUTE);
      expect((await convergeCancellations(w, { afterMs: MINUTE })).finalisedJobIds).toEqual([]);
      w.clock.advance(1);
      expect(await convergeCancellations(w, { afterMs: MINUTE })).toEqual({
        finalisedJobIds: [jobs[0]!.id],
        completedRunIds: [run.id],
      });
      expect(await w.runs.getJob(jobs[0]!.id)).toMatchObject({
        status: 'cancelled',
        conclusion: 'cancelled',
        statusReason: 'cancel_unconfirmed',
      });
      expect(await stepsOf(jobs[0]!.id)).toEqual([
        ['cancelled', 'cancelled'],
        ['cancelled', 'cancelled'],
      ]);
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    });
  });

  describe('lost runners', () => {
    it('ends the running jobs a runner no longer lists as failed, runner_lost', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b'), plannedJob('c')]);
      const result = await reconcileActiveJobs(w, { runnerId, activeJobIds: [jobs[1]!.id] });
      expect(result).toEqual({ finalisedJobIds: [jobs[0]!.id, jobs[2]!.id], completedRunIds: [] });
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => [j.status, j.conclusion, j.statusReason])).toEqual([
        ['completed', 'failure', 'runner_lost'],
        ['running', null, null],
        ['completed', 'failure', 'runner_lost'],
      ]);
      expect(await stepsOf(jobs[0]!.id)).toEqual([
        ['cancelled', 'cancelled'],
        ['cancelled', 'cancelled'],
      ]);
      expect(
        (await reconcileActiveJobs(w, { runnerId, activeJobIds: [jobs[1]!.id] })).finalisedJobIds,
      ).toEqual([]);
      const all = await reconcileActiveJobs(w, { runnerId, activeJobIds: [] });
      expect(all).toEqual({ finalisedJobIds: [jobs[1]!.id], completedRunIds: [run.id] });
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    });

    it('answers 409 to a late report from the runner that lost the job', async () => {
      const w = world();
      const { runnerId, jobs } = await startRun(w);
      await reconcileActiveJobs(w, { runnerId, activeJobIds: [] });
      const late = updateJobStatus(w, {
        jobId: jobs[0]!.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
      });
      expect(await failure(late)).toEqual({
        kind: 'conflict',
        code: 'job.not_assigned',
        message: `job ${jobs[0]!.id} is no longer assigned to this runner`,
      });
    });

    it('recovers only the jobs of runners silent longer than the limit', async () => {
      const w = world();
      const lost = await startRun(w);
      w.clock.advance(4 * MINUTE);
      const alive = await startRun(w);
      await w.queue.claim({ runnerId: alive.runnerId, now: w.clock.now() });
      w.clock.advance(2 * MINUTE);
      const result = await recoverLostRunners(w, { lostAfterMs: 5 * MINUTE });
      expect(result).toEqual({ finalisedJobIds: [lost.jobs[0]!.id], completedRunIds: [lost.run.id] });
      expect((await w.runs.getJob(alive.jobs[0]!.id))?.status).toBe('running');
    });

    it('counts no silence from before the server listened: a restarted server waits the limit first', async () => {
      const w = world();
      const { run, jobs } = await startRun(w);
      // The only server was down for 10 minutes: its runner could not heartbeat.
      w.clock.advance(10 * MINUTE);
      const listeningSince = w.clock.now();
      w.clock.advance(4 * MINUTE);
      expect(await recoverLostRunners(w, { lostAfterMs: 5 * MINUTE, listeningSince })).toEqual({
        finalisedJobIds: [],
        completedRunIds: [],
      });
      expect((await w.runs.getJob(jobs[0]!.id))?.status).toBe('running');
      // Still silent once the server has listened for the whole limit: lost.
      w.clock.advance(1 * MINUTE);
      expect(await recoverLostRunners(w, { lostAfterMs: 5 * MINUTE, listeningSince })).toEqual({
        finalisedJobIds: [jobs[0]!.id],
        completedRunIds: [run.id],
      });
    });

    it('ends cancelled, not failed, a cancelling job whose runner is lost', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')]);
      await cancelRun(w, { runId: run.id, reason: 'user' });
      await reconcileActiveJobs(w, { runnerId, activeJobIds: [jobs[1]!.id] });
      w.clock.advance(6 * MINUTE);
      await recoverLostRunners(w, { lostAfterMs: 5 * MINUTE });
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => [j.status, j.conclusion, j.statusReason])).toEqual([
        ['cancelled', 'cancelled', 'runner_lost'],
        ['cancelled', 'cancelled', 'runner_lost'],
      ]);
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    });

    it('lists stale jobs on a dry run without changing them, and ends them on confirm', async () => {
      const w = world();
      const { runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')]);
      const dry = await recoverStaleJobs(w, { runnerId, activeJobIds: [jobs[0]!.id], dryRun: true });
      expect(dry).toMatchObject({
        runnerId,
        dryRun: true,
        activeJobIds: [jobs[0]!.id],
        scannedJobs: 2,
        finalisedJobIds: [],
        completedRunIds: [],
      });
      expect(dry.runnerName).toEqual(expect.any(String));
      expect(dry.candidateJobs.map((j) => j.id)).toEqual([jobs[1]!.id]);
      expect((await w.runs.getJob(jobs[1]!.id))?.status).toBe('running');
      const done = await recoverStaleJobs(w, { runnerId, activeJobIds: [jobs[0]!.id], dryRun: false });
      expect(done.finalisedJobIds).toEqual([jobs[1]!.id]);
      expect((await w.runs.getJob(jobs[1]!.id))?.statusReason).toBe('runner_lost');
    });

    it('answers not_found for recover-stale-jobs on an unknown runner', async () => {
      expect(
        await failure(recoverStaleJobs(world(), { runnerId: 7, activeJobIds: [], dryRun: true })),
      ).toEqual({
        kind: 'not_found',
        code: 'runner.not_found',
        message: 'runner 7 not found',
      });
    });

    it('reconciles the heartbeat’s active jobs before claiming, freeing the runner’s slot', async () => {
      const w = world();
      const { runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')], 1);
      await w.queue.claim({ runnerId, now: w.clock.now(), capacity: 1 });
      const result = await claimJob(w, { runnerId, capacity: 1, activeJobIds: [] });
      expect(result.reconciled.finalisedJobIds).toEqual([jobs[0]!.id]);
      expect(result.outcome).toMatchObject({ kind: 'claimed', job: { id: jobs[1]!.id } });
    });

    it('refuses a heartbeat capacity outside 1..64 before touching anything', async () => {
      const w = world();
      const { runnerId } = await startRun(w, [plannedJob('a')], 0);
      expect(await failure(claimJob(w, { runnerId, capacity: 65 }))).toEqual({
        kind: 'invalid',
        code: 'heartbeat.invalid_capacity',
        message: 'capacity must be an integer between 1 and 64',
      });
      expect((await w.queue.listQueueGroups())[0]?.queuedJobs).toBe(1);
    });
  });
}
