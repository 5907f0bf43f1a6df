import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import { updateStepStatus } from '../../src/domain/jobs/update-step-status.js';
import type { JobStatus } from '../../src/ports/model/run.js';
import type { JobBackend, JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { describeJobLifecycleOutcomes } from './job-lifecycle-outcomes.contract.js';
import { describeJobLifecycleRerun } from './job-lifecycle-rerun.contract.js';
import { describeJobLifecycleSweeps } from './job-lifecycle-sweeps.contract.js';

/** The error's kind, code and message, or the value when it is not a DomainError. */
export async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isDomainError(err) ? { kind: err.kind, code: err.code, message: err.message } : err;
}

/** Enqueues one run with these jobs and lets one runner (capacity 8) claim `claim` of them. */
export async function startRun(w: JobWorld, jobs = [plannedJob('build')], claim = jobs.length) {
  const repoId = await w.seed.repo();
  const runnerId = await w.seed.runner({ capacity: 8 });
  const { run } = await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
  for (let i = 0; i < claim; i++) await w.queue.claim({ runnerId, now: w.clock.now() });
  return { run, runnerId, jobs: await w.runs.listJobs(run.id) };
}

/** Runs the JobLifecycle contract (through the domain functions) against one backend. */
export function describeJobLifecycleContract(name: string, openBackend: () => Promise<JobBackend>): void {
  describe(`JobLifecycle contract: ${name}`, () => {
    let backend: JobBackend;
    let w: JobWorld;

    beforeAll(async () => {
      backend = await openBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      w = await backend.fresh();
    });

    /** A job in `status`, and the runner to report as (undefined: the server, for queued jobs). */
    async function jobIn(status: JobStatus) {
      const { runnerId, jobs } = await startRun(w, [plannedJob('build')], status === 'queued' ? 0 : 1);
      const jobId = jobs[0]!.id;
      if (status === 'completed')
        await updateJobStatus(w, { jobId, runnerId, status, conclusion: 'success' });
      if (status === 'cancelled') await updateJobStatus(w, { jobId, runnerId, status });
      return { jobId, runnerId: status === 'queued' ? undefined : runnerId };
    }

    describe('job transitions', () => {
      it.each([
        ['queued', 'running', undefined],
        ['queued', 'completed', 'success'],
        ['queued', 'cancelled', undefined],
        ['running', 'running', undefined],
        ['running', 'completed', 'failure'],
        ['running', 'cancelled', undefined],
        ['completed', 'completed', 'success'],
        ['cancelled', 'cancelled', undefined],
      ] as const)('allows %s → %s', async (from, to, conclusion) => {
        const { jobId, runnerId } = await jobIn(from);
        const { job } = await updateJobStatus(w, { jobId, runnerId, status: to, conclusion });
        expect(job.status).toBe(to);
        expect(job.conclusion).toBe(conclusion ?? (to === 'cancelled' ? 'cancelled' : null));
      });

      it.each([
        ['queued', 'queued'],
        ['queued', 'skipped'],
        ['running', 'queued'],
        ['running', 'skipped'],
        ['completed', 'running'],
        ['completed', 'cancelled'],
        ['cancelled', 'completed'],
        ['cancelled', 'running'],
      ] as const)('refuses %s → %s as a conflict and changes nothing', async (from, to) => {
        const { jobId, runnerId } = await jobIn(from);
        const before = await w.runs.getJob(jobId);
        const conclusion = to === 'completed' ? 'success' : undefined;
        expect(await failure(updateJobStatus(w, { jobId, runnerId, status: to, conclusion }))).toEqual({
          kind: 'conflict',
          code: 'job.illegal_transition',
          message: `job cannot go from ${from} to ${to}`,
        });
        expect(await w.runs.getJob(jobId)).toEqual(before);
      });

      it.each([
        [{ status: 'done' }, 'job.invalid_status'],
        [{ status: 'completed' }, 'job.conclusion_required'],
        [{ status: 'completed', conclusion: 'great' }, 'job.invalid_conclusion'],
        [{ status: 'running', conclusion: 'success' }, 'job.conclusion_not_allowed'],
      ])('refuses a bad report %o as invalid and changes nothing', async (report, code) => {
        const { jobId, runnerId } = await jobIn('running');
        const before = await w.runs.getJob(jobId);
        expect(await failure(updateJobStatus(w, { jobId, runnerId, ...report }))).toMatchObject({
          kind: 'invalid',
          code,
        });
        expect(await w.runs.getJob(jobId)).toEqual(before);
      });

      it('answers not_found for an unknown job', async () => {
        expect(await failure(updateJobStatus(w, { jobId: 999, status: 'running' }))).toEqual({
          kind: 'not_found',
          code: 'job.not_found',
          message: 'job 999 not found',
        });
      });

      it('refuses a report from a runner the job is not assigned to', async () => {
        const { jobId } = await jobIn('running');
        const other = await w.seed.runner();
        expect(await failure(updateJobStatus(w, { jobId, runnerId: other, status: 'running' }))).toEqual({
          kind: 'conflict',
          code: 'job.not_assigned',
          message: `job ${jobId} is no longer assigned to this runner`,
        });
      });

      it('keeps the stored result when a terminal status is repeated', async () => {
        const { jobId, runnerId } = await jobIn('completed');
        const before = await w.runs.getJob(jobId);
        w.clock.advance(1000);
        const result = await updateJobStatus(w, {
          jobId,
          runnerId,
          status: 'completed',
          conclusion: 'failure',
        });
        expect(result.job).toEqual(before);
        expect(await w.runs.getJob(jobId)).toEqual(before);
      });

      it('records the reported completion time, and the start time only if none was stored', async () => {
        const { jobId, runnerId } = await jobIn('running');
        const started = (await w.runs.getJob(jobId))!.startedAt;
        const at = new Date('2026-01-01T00:05:00.000Z');
        const { job } = await updateJobStatus(w, {
          jobId,
          runnerId,
          status: 'completed',
          conclusion: 'success',
          startedAt: new Date(0),
          completedAt: at,
        });
        expect(job).toMatchObject({ startedAt: started, completedAt: at, statusReason: null });
      });
    });

    describe('step transitions', () => {
      async function stepIn(status: JobStatus) {
        const { jobId, runnerId } = await jobIn('running');
        const [step] = await w.runs.listSteps([jobId]);
        const stepId = step!.id;
        if (status !== 'queued') {
          const conclusion = status === 'completed' ? 'success' : undefined;
          await updateStepStatus(w, { jobId, stepId, runnerId, status, conclusion });
        }
        return { jobId, stepId, runnerId };
      }

      it.each([
        ['queued', 'running', undefined],
        ['queued', 'skipped', undefined],
        ['running', 'completed', 'success'],
        ['running', 'cancelled', undefined],
        ['running', 'skipped', undefined],
        ['skipped', 'skipped', undefined],
        ['completed', 'completed', 'success'],
      ] as const)('allows %s → %s', async (from, to, conclusion) => {
        const ids = await stepIn(from);
        const step = await updateStepStatus(w, { ...ids, status: to, conclusion });
        expect(step.status).toBe(to);
      });

      it.each([
        ['running', 'queued'],
        ['completed', 'running'],
        ['skipped', 'completed'],
        ['cancelled', 'skipped'],
      ] as const)('refuses %s → %s as a conflict and changes nothing', async (from, to) => {
        const ids = await stepIn(from);
        const before = await w.runs.listSteps([ids.jobId]);
        const conclusion = to === 'completed' ? 'success' : undefined;
        expect(await failure(updateStepStatus(w, { ...ids, status: to, conclusion }))).toMatchObject({
          kind: 'conflict',
          code: 'step.illegal_transition',
        });
        expect(await w.runs.listSteps([ids.jobId])).toEqual(before);
      });

      it('stamps start and completion times from the clock when the report has none', async () => {
        const ids = await stepIn('queued');
        await updateStepStatus(w, { ...ids, status: 'running' });
        w.clock.advance(3000);
        const step = await updateStepStatus(w, { ...ids, status: 'completed', conclusion: 'failure' });
        expect(step.completedAt!.getTime() - step.startedAt!.getTime()).toBe(3000);
      });

      it('answers not_found for a step of another job', async () => {
        const a = await stepIn('queued');
        const b = await stepIn('queued');
        expect(await failure(updateStepStatus(w, { ...a, stepId: b.stepId, status: 'running' }))).toEqual({
          kind: 'not_found',
          code: 'step.not_found',
          message: `step ${b.stepId} not found`,
        });
      });
    });

    describeJobLifecycleOutcomes(() => w);
    describeJobLifecycleSweeps(() => w);
    describeJobLifecycleRerun(() => w);
  });
}
