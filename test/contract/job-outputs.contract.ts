// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rerunRun } from '../../src/domain/jobs/rerun-run.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import { updateStepStatus } from '../../src/domain/jobs/update-step-status.js';
import type { JobBackend, JobWorld } from '../support/job-seed.js';
import { plannedJob, plannedRun, plannedStep } from '../support/job-seed.js';

/**
 * Workflow parity through RunStore, JobQueue and JobLifecycle: a job's outputs and a step's
 * summary are stored with their end, the options a plan gives are kept, and a dependent's
 * templates that read `needs` are resolved in the transaction that makes it ready.
 */
export function describeJobOutputsContract(name: string, openBackend: () => Promise<JobBackend>): void {
  describe(`Job outputs contract: ${name}`, () => {
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

    const dependent = (runsOn: string[], extra = {}) =>
      plannedJob('b', { needsJobs: ['a'], runsOn, ...extra });

    async function finishA(jobs: { id: number }[], runnerId: number, outputs: Record<string, string>) {
      const a = jobs[0]!;
      await updateJobStatus(w, { jobId: a.id, runnerId, status: 'running' });
      return updateJobStatus(w, {
        jobId: a.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
        outputs,
      });
    }

    async function enqueue(jobs = [plannedJob('a'), dependent(['${{ needs.a.outputs.os }}'])]) {
      const repoId = await w.seed.repo();
      const runnerId = await w.seed.runner({ capacity: 8, labels: ['linux', 'big-box'] });
      const { run } = await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
      const claimed = await w.queue.claim({ runnerId, now: w.clock.now() });
      if (claimed.kind !== 'claimed') throw new Error('job a was not claimed');
      return { run, runnerId, jobs: await w.runs.listJobs(run.id) };
    }

    it('keeps the options a plan gives a job and its steps, and defaults for a plan that names none', async () => {
      const repoId = await w.seed.repo();
      const options = {
        outputTemplates: { v: '${{ steps.s.outputs.v }}' },
        timeoutMinutesExpr: '${{ needs.x.outputs.t }}',
        continueOnErrorExpr: '${{ needs.x.result == "failure" }}',
      };
      const step = plannedStep('s', {
        timeoutMinutesExpr: '${{ vars.T }}',
        continueOnErrorExpr: '${{ env.LAX }}',
      });
      const jobs = [plannedJob('x'), plannedJob('y', { ...options, needsJobs: ['x'], steps: [step] })];
      const { run } = await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
      const stored = await w.runs.listJobs(run.id);
      expect(stored[0]).toMatchObject({
        outputTemplates: {},
        timeoutMinutesExpr: '',
        continueOnErrorExpr: '',
        outputs: {},
      });
      expect(stored[1]).toMatchObject(options);
      const steps = await w.runs.listSteps([stored[1]!.id]);
      expect(steps[0]).toMatchObject({
        timeoutMinutesExpr: '${{ vars.T }}',
        continueOnErrorExpr: '${{ env.LAX }}',
        summary: null,
      });
    });

    it('stores the outputs reported with a job end and the summary reported with a step end', async () => {
      const { runnerId, jobs } = await enqueue([plannedJob('a')]);
      const a = jobs[0]!;
      const [step] = await w.runs.listSteps([a.id]);
      await updateJobStatus(w, { jobId: a.id, runnerId, status: 'running' });
      await updateStepStatus(w, { jobId: a.id, stepId: step!.id, runnerId, status: 'running' });
      await updateStepStatus(w, {
        jobId: a.id,
        stepId: step!.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
        summary: '# Done\n',
      });
      await finishA(jobs, runnerId, { v: 'line one\nline two', ['__proto__']: 'data' });
      expect((await w.runs.listSteps([a.id]))[0]!.summary).toBe('# Done\n');
      const outputs = (await w.runs.getJob(a.id))!.outputs!;
      expect(outputs.v).toBe('line one\nline two');
      expect(Object.keys(outputs).sort()).toEqual(['__proto__', 'v']);
    });

    it('resolves a dependent’s runs-on, timeout and continue-on-error from needs when it becomes ready', async () => {
      const { runnerId, jobs } = await enqueue([
        plannedJob('a'),
        dependent(['linux', '${{ needs.a.outputs.os }}'], {
          timeoutMinutesExpr: '${{ needs.a.outputs.t }}',
          continueOnErrorExpr: "${{ needs.a.result == 'success' }}",
        }),
      ]);
      expect(jobs[1]).toMatchObject({ runsOn: ['linux', '${{ needs.a.outputs.os }}'], timeoutMinutes: 360 });
      await finishA(jobs, runnerId, { os: 'big-box', t: '7' });
      expect(await w.runs.getJob(jobs[1]!.id)).toMatchObject({
        status: 'queued',
        runsOn: ['linux', 'big-box'],
        timeoutMinutes: 7,
        continueOnError: true,
        timeoutMinutesExpr: '',
        continueOnErrorExpr: '',
      });
      const claimed = await w.queue.claim({ runnerId, now: w.clock.now() });
      expect(claimed.kind === 'claimed' && claimed.job.id).toBe(jobs[1]!.id);
    });

    it('fails a dependent whose runs-on resolves to no label, with the reason, and completes the run', async () => {
      const { run, runnerId, jobs } = await enqueue();
      const settled = await finishA(jobs, runnerId, {});
      const b = await w.runs.getJob(jobs[1]!.id);
      expect(b).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(b!.statusReason).toMatch(/^expression_failed: runs-on of job b resolves to no label/);
      expect((await w.runs.listSteps([b!.id])).map((s) => s.status)).toEqual(['skipped', 'skipped']);
      expect(settled.runCompleted).toBe(true);
      expect((await w.runs.getRun(run.id))!.conclusion).toBe('failure');
    });

    it('replaces a step’s annotations (a resent report stores them once) and lists steps’ then the job’s own', async () => {
      const { jobs } = await enqueue([plannedJob('a')]);
      const a = jobs[0]!;
      const [first, second] = await w.runs.listSteps([a.id]);
      const note = (message: string, extra = {}) => ({
        level: 'error' as const,
        message,
        title: null,
        file: null,
        line: null,
        endLine: null,
        column: null,
        endColumn: null,
        ...extra,
      });
      const at = w.clock.now();
      await w.annotations.replaceAnnotations(a.id, null, [note('job-level')], at);
      await w.annotations.replaceAnnotations(a.id, second!.id, [note('second')], at);
      const full = note('first', {
        level: 'warning',
        title: 'T',
        file: 'src/a.ts',
        line: 3,
        endLine: 4,
        column: 1,
        endColumn: 9,
      });
      await w.annotations.replaceAnnotations(a.id, first!.id, [full, note('again')], at);
      await w.annotations.replaceAnnotations(a.id, first!.id, [full, note('again')], at);
      const listed = await w.annotations.listAnnotations(a.id);
      expect(listed.map((x) => [x.stepId, x.message])).toEqual([
        [first!.id, 'first'],
        [first!.id, 'again'],
        [second!.id, 'second'],
        [null, 'job-level'],
      ]);
      expect(listed[0]).toEqual({
        ...full,
        id: expect.any(Number),
        jobId: a.id,
        stepId: first!.id,
        createdAt: at,
      });
      await w.annotations.replaceAnnotations(a.id, second!.id, [], at);
      expect((await w.annotations.listAnnotations(a.id)).map((x) => x.message)).toEqual([
        'first',
        'again',
        'job-level',
      ]);
      expect(await w.annotations.listAnnotations(a.id + 1000)).toEqual([]);
    });

    it('lists the annotations of several jobs in one read, by job, each job’s in its own order', async () => {
      const { jobs } = await enqueue([plannedJob('a'), plannedJob('b'), plannedJob('c')]);
      const [a, b, c] = jobs;
      const [bStep] = await w.runs.listSteps([b!.id]);
      const note = { level: 'notice' as const, title: null, file: null, line: null, endLine: null };
      const at = w.clock.now();
      const message = (text: string) => [{ ...note, message: text, column: null, endColumn: null }];
      await w.annotations.replaceAnnotations(b!.id, null, message('b job'), at);
      await w.annotations.replaceAnnotations(b!.id, bStep!.id, message('b step'), at);
      await w.annotations.replaceAnnotations(a!.id, null, message('a job'), at);
      await w.annotations.replaceAnnotations(c!.id, null, message('c job'), at);
      const listed = await w.annotations.listJobsAnnotations([b!.id, a!.id, a!.id + 1000]);
      expect(listed.map((x) => x.message)).toEqual(['a job', 'b step', 'b job']);
      expect(await w.annotations.listJobsAnnotations([])).toEqual([]);
    });

    it('copies a successful job’s outputs into a failed-only rerun and resolves its dependent at once', async () => {
      const { run, runnerId, jobs } = await enqueue();
      await finishA(jobs, runnerId, { os: 'nowhere-label-x' });
      const b = jobs[1]!;
      await updateJobStatus(w, { jobId: b.id, status: 'cancelled' });
      const rerun = await rerunRun(w, { runId: run.id, actorUserId: null, failedOnly: true });
      const [a2, b2] = await w.runs.listJobs(rerun.run.id);
      expect(a2).toMatchObject({ status: 'completed', outputs: { os: 'nowhere-label-x' } });
      expect(b2).toMatchObject({ status: 'queued', runsOn: ['nowhere-label-x'] });
    });
  });
}
