import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import type { JobBackend, JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun, plannedStep } from '../support/job-seed.js';

/** Runs the RunStore contract against one backend. */
export function describeRunStoreContract(name: string, openBackend: () => Promise<JobBackend>): void {
  describe(`RunStore contract: ${name}`, () => {
    let backend: JobBackend;
    let w: JobWorld;
    let repoId: number;

    beforeAll(async () => {
      backend = await openBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      w = await backend.fresh();
      repoId = await w.seed.repo();
    });

    it('stores the run queued with its jobs in plan order and steps indexed from 0', async () => {
      const planned = plannedRun(repoId, {
        jobs: [
          plannedJob('lint', { runsOn: ['linux'], jobEnv: { A: '1' }, permissions: { contents: 'read' } }),
          plannedJob('test', { needsJobs: ['lint'], ifExpr: 'always()', timeoutMinutes: 5 }),
        ],
      });
      const { run, jobs, created } = await w.runs.enqueueRun(planned, w.clock.now());
      expect(created).toBe(true);
      expect(run).toMatchObject({
        repoId,
        runIndex: 1,
        status: 'queued',
        conclusion: null,
        workflowName: 'CI',
      });
      expect(run.eventPayload).toEqual({ ref: 'refs/heads/trunk' });
      expect(run.createdAt).toEqual(w.clock.now());
      expect(jobs.map((j) => [j.jobKey, j.jobIndex, j.status])).toEqual([
        ['lint', 0, 'queued'],
        ['test', 1, 'queued'],
      ]);
      expect(jobs[0]).toMatchObject({
        runsOn: ['linux'],
        jobEnv: { A: '1' },
        permissions: { contents: 'read' },
      });
      expect(jobs[1]).toMatchObject({
        needsJobs: ['lint'],
        ifExpr: 'always()',
        timeoutMinutes: 5,
        runnerId: null,
      });
      const steps = await w.runs.listSteps(jobs.map((j) => j.id));
      expect(steps.map((s) => [s.jobId, s.stepIndex, s.stepName, s.status])).toEqual([
        [jobs[0]!.id, 0, 'lint-1', 'queued'],
        [jobs[0]!.id, 1, 'lint-2', 'queued'],
        [jobs[1]!.id, 0, 'test-1', 'queued'],
        [jobs[1]!.id, 1, 'test-2', 'queued'],
      ]);
    });

    it('reads back what it stored by run and job id', async () => {
      const { run, jobs } = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      expect(await w.runs.getRun(run.id)).toEqual(run);
      expect(await w.runs.getJob(jobs[0]!.id)).toEqual(jobs[0]);
      expect(await w.runs.listJobs(run.id)).toEqual(jobs);
    });

    it('answers undefined or empty for unknown ids', async () => {
      expect(await w.runs.getRun(999)).toBeUndefined();
      expect(await w.runs.getJob(999)).toBeUndefined();
      expect(await w.runs.listJobs(999)).toEqual([]);
      expect(await w.runs.listSteps([999])).toEqual([]);
      expect(await w.runs.listSteps([])).toEqual([]);
    });

    it('numbers runs 1, 2, 3 per repository, independently for each repository', async () => {
      const other = await w.seed.repo();
      const indexes = [];
      for (const id of [repoId, repoId, other, repoId, other]) {
        indexes.push((await w.runs.enqueueRun(plannedRun(id), w.clock.now())).run.runIndex);
      }
      expect(indexes).toEqual([1, 2, 1, 3, 2]);
    });

    it('gives concurrent enqueues in one repository distinct run indexes', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => w.runs.enqueueRun(plannedRun(repoId), w.clock.now())),
      );
      expect(results.map((r) => r.run.runIndex).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('returns the existing run for a replayed trigger id and stores nothing new', async () => {
      const planned = plannedRun(repoId, { triggerEventId: 'push:abc' });
      const first = await w.runs.enqueueRun(planned, w.clock.now());
      const replay = await w.runs.enqueueRun(planned, w.clock.now());
      expect(replay.created).toBe(false);
      expect(replay.run).toEqual(first.run);
      expect(replay.jobs).toEqual(first.jobs);
      const next = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      expect(next.run.runIndex).toBe(2);
    });

    it('keeps one run when the same trigger is enqueued concurrently', async () => {
      const planned = plannedRun(repoId, { triggerEventId: 'push:race' });
      const results = await Promise.all([1, 2, 3].map(() => w.runs.enqueueRun(planned, w.clock.now())));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    });

    it('treats an empty trigger id as never a replay', async () => {
      const a = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      const b = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      expect(b.created).toBe(true);
      expect(b.run.id).not.toBe(a.run.id);
    });

    it('scopes trigger ids to the workflow file', async () => {
      await w.runs.enqueueRun(plannedRun(repoId, { triggerEventId: 't1' }), w.clock.now());
      const other = await w.runs.enqueueRun(
        plannedRun(repoId, { triggerEventId: 't1', workflowFile: '.shithub/workflows/other.yml' }),
        w.clock.now(),
      );
      expect(other.created).toBe(true);
    });

    it('stores a run with diagnostics and no jobs as completed/failure', async () => {
      const { run, jobs } = await w.runs.enqueueRun(
        plannedRun(repoId, { diagnostics: [{ line: 3, message: 'bad key' }], jobs: [] }),
        w.clock.now(),
      );
      expect(jobs).toEqual([]);
      expect(run).toMatchObject({
        status: 'completed',
        conclusion: 'failure',
        diagnostics: [{ line: 3, message: 'bad key' }],
      });
      expect(run.completedAt).toEqual(w.clock.now());
    });

    it('stores copied results of a rerun as they were', async () => {
      const done = {
        status: 'completed' as const,
        conclusion: 'success' as const,
        startedAt: w.clock.now(),
        completedAt: w.clock.now(),
      };
      const { jobs } = await w.runs.enqueueRun(
        plannedRun(repoId, {
          jobs: [
            plannedJob('build', { copiedResult: done, steps: [plannedStep('s', { copiedResult: done })] }),
            plannedJob('test'),
          ],
        }),
        w.clock.now(),
      );
      expect(jobs.map((j) => [j.status, j.conclusion])).toEqual([
        ['completed', 'success'],
        ['queued', null],
      ]);
      const [step] = await w.runs.listSteps([jobs[0]!.id]);
      expect(step).toMatchObject({ status: 'completed', conclusion: 'success' });
    });

    it.each([
      ['a duplicate job key', [plannedJob('a'), plannedJob('a')], 'job key a appears twice'],
      ['a need naming no job', [plannedJob('a', { needsJobs: ['b'] })], 'job a needs unknown job b'],
      ['a job needing itself', [plannedJob('a', { needsJobs: ['a'] })], 'job a needs unknown job a'],
      [
        'a timeout over 4320',
        [plannedJob('a', { timeoutMinutes: 4321 })],
        'job a: timeout-minutes must be between 1 and 4320',
      ],
      ['an invalid job key', [plannedJob('1a')], 'job key "1a" is not valid'],
    ])('refuses a plan with %s and stores nothing', async (_case, jobs, message) => {
      const err = await enqueueRun({ runs: w.runs, clock: w.clock }, plannedRun(repoId, { jobs })).catch(
        (e) => e,
      );
      expect(isDomainError(err) && { kind: err.kind, code: err.code, message: err.message }).toEqual({
        kind: 'invalid',
        code: 'run.invalid_plan',
        message,
      });
      const next = await w.runs.enqueueRun(plannedRun(repoId), w.clock.now());
      expect(next.run.runIndex).toBe(1);
    });
  });
}
