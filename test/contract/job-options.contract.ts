// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rerunRun } from '../../src/domain/jobs/rerun-run.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import type { PlannedJob } from '../../src/ports/model/run.js';
import type { JobBackend, JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { startRun } from './job-lifecycle.contract.js';

/** Three combinations of matrix job `build` (fail-fast unless told) and a plain job `lint`. */
function matrixPlan(opts: { failFast?: boolean; continueOnError?: boolean[] } = {}): PlannedJob[] {
  const combination = (i: number, node: number) =>
    plannedJob(`build-${i}`, {
      matrix: { node, os: 'linux' },
      matrixGroup: 'build',
      failFast: opts.failFast ?? true,
      continueOnError: opts.continueOnError?.[i - 1] ?? false,
    });
  return [combination(1, 18), combination(2, 20), combination(3, 22), plannedJob('lint')];
}

/**
 * Matrix values and job options through RunStore, JobQueue and JobLifecycle: what the trigger
 * stores reaches the claim, and `fail-fast` stops the other combinations of a failed matrix.
 */
export function describeJobOptionsContract(name: string, openBackend: () => Promise<JobBackend>): void {
  describe(`Job options contract: ${name}`, () => {
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

    const report = (jobId: number, runnerId: number, status: string, conclusion?: string) =>
      updateJobStatus(w, { jobId, runnerId, status, conclusion });

    it('stores each job its matrix values and options, and the defaults when a plan names none', async () => {
      const repoId = await w.seed.repo();
      const jobs = [
        plannedJob('build-1', {
          matrix: { node: 18, flags: ['a', 'b'], opts: { x: true } },
          matrixGroup: 'build',
          failFast: true,
          continueOnError: true,
          concurrencyGroup: 'build-18',
        }),
        plannedJob('plain'),
      ];
      const { run, jobs: stored } = await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
      const expected = {
        matrix: { node: 18, flags: ['a', 'b'], opts: { x: true } },
        matrixGroup: 'build',
        failFast: true,
        continueOnError: true,
        concurrencyGroup: 'build-18',
      };
      const defaults = {
        matrix: {},
        matrixGroup: '',
        failFast: false,
        continueOnError: false,
        concurrencyGroup: '',
      };
      expect(stored).toMatchObject([expected, defaults]);
      expect(await w.runs.listJobs(run.id)).toMatchObject([expected, defaults]);
      expect(await w.runs.getJob(stored[0]!.id)).toMatchObject(expected);
    });

    it('hands the claimed job over with its matrix values', async () => {
      const repoId = await w.seed.repo();
      const runnerId = await w.seed.runner({ capacity: 4 });
      await w.runs.enqueueRun(plannedRun(repoId, { jobs: matrixPlan() }), w.clock.now());
      const first = await w.queue.claim({ runnerId, now: w.clock.now() });
      const second = await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(first).toMatchObject({
        kind: 'claimed',
        job: { jobKey: 'build-1', matrix: { node: 18, os: 'linux' } },
      });
      expect(second).toMatchObject({
        kind: 'claimed',
        job: { jobKey: 'build-2', matrix: { node: 20, os: 'linux' } },
      });
    });

    it('with fail-fast, cancels the queued combinations and asks the running ones to cancel when one fails', async () => {
      const { run, runnerId, jobs } = await startRun(w, matrixPlan(), 2);
      const [build1, build2, build3, lint] = jobs;
      const result = await report(build1!.id, runnerId, 'completed', 'failure');
      expect(result.runCompleted).toBe(false);
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => [j.jobKey, j.status, j.conclusion, j.statusReason, j.cancelRequested])).toEqual(
        [
          ['build-1', 'completed', 'failure', null, false],
          ['build-2', 'running', null, null, true],
          ['build-3', 'cancelled', 'cancelled', 'fail_fast', false],
          ['lint', 'queued', null, null, false],
        ],
      );
      const steps = await w.runs.listSteps([build3!.id]);
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.every((s) => s.status === 'cancelled' && s.conclusion === 'cancelled')).toBe(true);
      await report(build2!.id, runnerId, 'cancelled', 'cancelled');
      await w.queue.claim({ runnerId, now: w.clock.now() });
      const done = await report(lint!.id, runnerId, 'completed', 'success');
      expect(done).toMatchObject({ runCompleted: true, run: { conclusion: 'failure' } });
    });

    it.each([
      ['without fail-fast', { failFast: false }],
      ['when the failed combination may fail', { continueOnError: [true] }],
    ])('leaves the other combinations alone %s', async (_name, opts) => {
      const { run, runnerId, jobs } = await startRun(w, matrixPlan(opts), 2);
      await report(jobs[0]!.id, runnerId, 'completed', 'failure');
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => [j.status, j.cancelRequested])).toEqual([
        ['completed', false],
        ['running', false],
        ['queued', false],
        ['queued', false],
      ]);
    });

    it('lets a cancelled combination stop nothing', async () => {
      const { run, runnerId, jobs } = await startRun(w, matrixPlan(), 2);
      await report(jobs[0]!.id, runnerId, 'cancelled', 'cancelled');
      const after = await w.runs.listJobs(run.id);
      expect(after.map((j) => j.status)).toEqual(['cancelled', 'running', 'queued', 'queued']);
    });

    it('stores a job container, services and a call binding, hands them to the claim and copies them into a rerun', async () => {
      const repoId = await w.seed.repo();
      const runnerId = await w.seed.runner({ capacity: 4 });
      const spec = { env: { A: '1' }, options: '--cpus 1', credentials: null, ports: ['5432'], volumes: [] };
      const containers = {
        container: { ...spec, image: 'node:${{ matrix.node }}' },
        services: { db: { ...spec, image: 'postgres:16' } },
      };
      const call = {
        caller: 'build',
        job: 'compile',
        inputs: { version: '1.2', dry: true, level: 3 },
        secrets: { TOKEN: '${{ secrets.T }}' },
        outputs: { file: '${{ jobs.compile.outputs.file }}' },
      };
      const jobs = [plannedJob('build/compile', { containers, call }), plannedJob('plain')];
      const { run, jobs: stored } = await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
      expect(stored.map((j) => [j.containers, j.call])).toEqual([
        [containers, call],
        [null, null],
      ]);
      const claimed = await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(claimed).toMatchObject({ kind: 'claimed', job: { jobKey: 'build/compile', containers, call } });
      await w.queue.claim({ runnerId, now: w.clock.now() });
      for (const job of stored) await report(job.id, runnerId, 'completed', 'success');
      const rerun = await rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: false });
      expect(rerun.jobs.map((j) => [j.jobKey, j.containers, j.call])).toEqual([
        ['build/compile', containers, call],
        ['plain', null, null],
      ]);
    });

    it('copies matrix values and options into a rerun', async () => {
      const { run, runnerId, jobs } = await startRun(w, matrixPlan({ failFast: false }), 4);
      for (const job of jobs) await report(job.id, runnerId, 'completed', 'success');
      const rerun = await rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: false });
      expect(rerun.jobs.map((j) => [j.jobKey, j.matrix, j.matrixGroup, j.failFast])).toEqual([
        ['build-1', { node: 18, os: 'linux' }, 'build', false],
        ['build-2', { node: 20, os: 'linux' }, 'build', false],
        ['build-3', { node: 22, os: 'linux' }, 'build', false],
        ['lint', {}, '', false],
      ]);
    });
  });
}
