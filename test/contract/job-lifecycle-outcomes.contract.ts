import { describe, expect, it } from 'vitest';
import { cancelJob, cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob } from '../support/job-seed.js';
import { failure, startRun } from './job-lifecycle.contract.js';

/** Roll-up, needs and cancel through the lifecycle port; runs inside its contract suite. */
export function describeJobLifecycleOutcomes(world: () => JobWorld): void {
  const report = (jobId: number, runnerId: number, status: string, conclusion?: string) =>
    updateJobStatus(world(), { jobId, runnerId, status, conclusion });

  describe('run roll-up', () => {
    it('completes the run with success on the last job report, and only then', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')]);
      const first = await report(jobs[0]!.id, runnerId, 'completed', 'success');
      expect(first).toMatchObject({ runCompleted: false, run: { status: 'running', conclusion: null } });
      w.clock.advance(1000);
      const last = await report(jobs[1]!.id, runnerId, 'completed', 'success');
      expect(last).toMatchObject({ runCompleted: true, run: { status: 'completed', conclusion: 'success' } });
      expect((await w.runs.getRun(run.id))?.completedAt).toEqual(w.clock.now());
    });

    it.each([
      [['success', 'failure', 'cancelled'], 'failure'],
      [['timed_out', 'failure'], 'timed_out'],
      [['success', 'cancelled', 'neutral'], 'cancelled'],
      [['neutral', 'success'], 'success'],
      [['action_required', 'cancelled'], 'action_required'],
    ])('rolls %o up to %s', async (conclusions, expected) => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(
        w,
        conclusions.map((_, i) => plannedJob(`j${i}`)),
      );
      for (const [i, conclusion] of conclusions.entries()) {
        const status = conclusion === 'cancelled' ? 'cancelled' : 'completed';
        await report(jobs[i]!.id, runnerId, status, conclusion);
      }
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: expected });
    });
  });

  describe('needs', () => {
    it('skips queued dependents at once, transitively, when a job fails, so the run completes', async () => {
      const w = world();
      const plan = [
        plannedJob('build'),
        plannedJob('test', { needsJobs: ['build'] }),
        plannedJob('deploy', { needsJobs: ['test'] }),
      ];
      const { run, runnerId, jobs } = await startRun(w, plan, 1);
      const result = await report(jobs[0]!.id, runnerId, 'completed', 'failure');
      expect(result).toMatchObject({
        runCompleted: true,
        run: { status: 'completed', conclusion: 'failure' },
      });
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => [j.jobKey, j.status, j.conclusion, j.statusReason])).toEqual([
        ['build', 'completed', 'failure', null],
        ['test', 'skipped', 'skipped', 'needs_failed'],
        ['deploy', 'skipped', 'skipped', 'needs_failed'],
      ]);
      const steps = await w.runs.listSteps([jobs[1]!.id, jobs[2]!.id]);
      expect(steps.every((s) => s.status === 'skipped' && s.conclusion === 'skipped')).toBe(true);
    });

    it('leaves a dependent whose if uses always() or failure() queued to run', async () => {
      const w = world();
      const plan = [
        plannedJob('build'),
        plannedJob('notify', { needsJobs: ['build'], ifExpr: 'failure()' }),
        plannedJob('test', { needsJobs: ['build'] }),
      ];
      const { run, runnerId, jobs } = await startRun(w, plan, 1);
      const result = await report(jobs[0]!.id, runnerId, 'completed', 'failure');
      expect(result.runCompleted).toBe(false);
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => j.status)).toEqual(['completed', 'queued', 'skipped']);
    });

    it('skips the dependents of a cancelled job', async () => {
      const w = world();
      const { run, jobs } = await startRun(
        w,
        [plannedJob('build'), plannedJob('test', { needsJobs: ['build'] })],
        0,
      );
      await cancelJob(w, { jobId: jobs[0]!.id, reason: 'user' });
      expect((await w.runs.listJobs(run.id)).map((j) => j.status)).toEqual(['cancelled', 'skipped']);
      expect(await w.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    });
  });

  describe('cancel', () => {
    it('cancels queued jobs at once and asks running ones to stop', async () => {
      const w = world();
      const { run, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')], 1);
      const result = await cancelRun(w, { runId: run.id, reason: 'user' });
      expect(result).toEqual({
        runId: run.id,
        repoId: run.repoId,
        changedJobs: 2,
        runCompleted: false,
        runConclusion: null,
      });
      const [running, queued] = await w.runs.listJobs(run.id);
      expect(running).toMatchObject({
        status: 'running',
        cancelRequested: true,
        cancelRequestedAt: w.clock.now(),
      });
      expect(queued).toMatchObject({ status: 'cancelled', conclusion: 'cancelled', statusReason: 'user' });
      const steps = await w.runs.listSteps([jobs[1]!.id]);
      expect(steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    });

    it('completes the run cancelled when the runner confirms the cancel', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('a')]);
      await cancelRun(w, { runId: run.id, reason: 'user' });
      const result = await report(jobs[0]!.id, runnerId, 'cancelled');
      expect(result).toMatchObject({
        runCompleted: true,
        run: { status: 'completed', conclusion: 'cancelled' },
      });
      const steps = await w.runs.listSteps([jobs[0]!.id]);
      expect(steps.map((s) => [s.status, s.conclusion])).toEqual([
        ['cancelled', 'cancelled'],
        ['cancelled', 'cancelled'],
      ]);
    });

    it('completes a run of only queued jobs as cancelled at once', async () => {
      const w = world();
      const { run } = await startRun(w, [plannedJob('a'), plannedJob('b')], 0);
      expect(await cancelRun(w, { runId: run.id, reason: 'user' })).toMatchObject({
        changedJobs: 2,
        runCompleted: true,
        runConclusion: 'cancelled',
      });
    });

    it('cancels one job and reports its run', async () => {
      const w = world();
      const { run, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')], 0);
      expect(await cancelJob(w, { jobId: jobs[1]!.id, reason: 'user' })).toEqual({
        jobId: jobs[1]!.id,
        runId: run.id,
        repoId: run.repoId,
        changedJobs: 1,
        runCompleted: false,
        runConclusion: null,
      });
      expect((await w.runs.getJob(jobs[0]!.id))?.status).toBe('queued');
    });

    it('changes nothing for a finished job or a repeated cancel', async () => {
      const w = world();
      const { runnerId, jobs } = await startRun(w, [plannedJob('a'), plannedJob('b')]);
      await report(jobs[0]!.id, runnerId, 'completed', 'success');
      expect((await cancelJob(w, { jobId: jobs[0]!.id, reason: 'user' })).changedJobs).toBe(0);
      expect((await cancelJob(w, { jobId: jobs[1]!.id, reason: 'user' })).changedJobs).toBe(1);
      const before = await w.runs.getJob(jobs[1]!.id);
      w.clock.advance(1000);
      expect((await cancelJob(w, { jobId: jobs[1]!.id, reason: 'user' })).changedJobs).toBe(0);
      expect(await w.runs.getJob(jobs[1]!.id)).toEqual(before);
    });

    it('answers not_found for an unknown job or run', async () => {
      const w = world();
      expect(await failure(cancelJob(w, { jobId: 404, reason: 'user' }))).toEqual({
        kind: 'not_found',
        code: 'job.not_found',
        message: 'job 404 not found',
      });
      expect(await failure(cancelRun(w, { runId: 404, reason: 'user' }))).toEqual({
        kind: 'not_found',
        code: 'run.not_found',
        message: 'run 404 not found',
      });
    });
  });
}
