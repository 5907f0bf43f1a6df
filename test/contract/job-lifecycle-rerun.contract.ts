import { describe, expect, it } from 'vitest';
import { rerunRun } from '../../src/domain/jobs/rerun-run.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import type { JobWorld } from '../support/job-seed.js';
import { plannedJob } from '../support/job-seed.js';
import { failure, startRun } from './job-lifecycle.contract.js';

/** Rerun planning through RunStore and JobLifecycle; runs inside the lifecycle suite. */
export function describeJobLifecycleRerun(world: () => JobWorld): void {
  describe('rerun', () => {
    async function finishedRun(w: JobWorld) {
      const started = await startRun(w, [plannedJob('build'), plannedJob('test', { runsOn: ['linux'] })], 1);
      const { runnerId, jobs } = started;
      await updateJobStatus(w, { jobId: jobs[0]!.id, runnerId, status: 'completed', conclusion: 'success' });
      const other = await w.seed.runner({ labels: ['linux'] });
      await w.queue.claim({ runnerId: other, now: w.clock.now() });
      await updateJobStatus(w, {
        jobId: jobs[1]!.id,
        runnerId: other,
        status: 'completed',
        conclusion: 'failure',
      });
      return started;
    }

    it('enqueues a new run with the next index, the source as parent and the same commit', async () => {
      const w = world();
      const { run } = await finishedRun(w);
      const actor = await w.seed.user();
      const {
        run: rerun,
        jobs,
        created,
      } = await rerunRun(w, { runId: run.id, actorUserId: actor, failedOnly: false });
      expect(created).toBe(true);
      expect(rerun).toMatchObject({
        runIndex: run.runIndex + 1,
        parentRunId: run.id,
        repoId: run.repoId,
        headSha: run.headSha,
        headRef: run.headRef,
        event: run.event,
        eventPayload: run.eventPayload,
        workflowFile: run.workflowFile,
        actorUserId: actor,
        status: 'queued',
      });
      expect(rerun.triggerEventId).toMatch(new RegExp(`^rerun:${run.id}:[0-9a-f]{16}$`));
      expect(jobs.map((j) => [j.jobKey, j.status, j.runsOn])).toEqual([
        ['build', 'queued', []],
        ['test', 'queued', ['linux']],
      ]);
      const steps = await w.runs.listSteps(jobs.map((j) => j.id));
      expect(steps.map((s) => [s.stepName, s.status])).toEqual([
        ['build-1', 'queued'],
        ['build-2', 'queued'],
        ['test-1', 'queued'],
        ['test-2', 'queued'],
      ]);
    });

    it('copies successful jobs and re-queues the rest with failedOnly', async () => {
      const w = world();
      const { run, jobs: source } = await finishedRun(w);
      const { jobs } = await rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: true });
      expect(jobs.map((j) => [j.jobKey, j.status, j.conclusion])).toEqual([
        ['build', 'completed', 'success'],
        ['test', 'queued', null],
      ]);
      const results = async (jobId: number) =>
        (await w.runs.listSteps([jobId])).map((s) => [s.stepName, s.status, s.conclusion]);
      expect(await results(jobs[0]!.id)).toEqual(await results(source[0]!.id));
      expect((await results(jobs[1]!.id)).map(([, status]) => status)).toEqual(['queued', 'queued']);
    });

    it('completes at once a failedOnly rerun of a run with nothing to redo', async () => {
      const w = world();
      const { run, runnerId, jobs } = await startRun(w, [plannedJob('only')]);
      await updateJobStatus(w, { jobId: jobs[0]!.id, runnerId, status: 'completed', conclusion: 'success' });
      const rerun = await rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: true });
      expect(rerun.run).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(await w.runs.getRun(rerun.run.id)).toMatchObject({ status: 'completed', conclusion: 'success' });
    });

    it('refuses to rerun a run that has not finished, and stores nothing', async () => {
      const w = world();
      const { run } = await startRun(w);
      expect(await failure(rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: false }))).toEqual({
        kind: 'conflict',
        code: 'run.not_rerunnable',
        message: 'run is not rerunnable',
      });
      expect(await w.runs.getRun(run.id + 1)).toBeUndefined();
    });

    it('answers not_found for an unknown run', async () => {
      expect(
        await failure(rerunRun(world(), { runId: 404, actorUserId: null, failedOnly: false })),
      ).toMatchObject({
        kind: 'not_found',
        code: 'run.not_found',
      });
    });
  });
}
