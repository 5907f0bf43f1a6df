import { describe, expect, it } from 'vitest';
import { rerunRun } from '../../../src/domain/jobs/rerun-run.js';
import { updateJobStatus } from '../../../src/domain/jobs/update-job-status.js';
import type { Run } from '../../../src/ports/model/run.js';
import type { WorkflowDefinition } from '../../../src/ports/workflow-source.js';
import { memoryJobBackend, plannedJob, plannedRun, plannedStep } from '../../support/job-seed.js';

/** A finished run: `build` succeeded, `test` failed. */
async function finishedRun() {
  const w = await memoryJobBackend().fresh();
  const repoId = await w.seed.repo();
  const runnerId = await w.seed.runner({ capacity: 4 });
  const { run, jobs } = await w.runs.enqueueRun(
    plannedRun(repoId, { jobs: [plannedJob('build'), plannedJob('test')] }),
    w.clock.now(),
  );
  for (const [job, conclusion] of [
    [jobs[0]!, 'success'],
    [jobs[1]!, 'failure'],
  ] as const) {
    await w.queue.claim({ runnerId, now: w.clock.now() });
    await updateJobStatus(w, { jobId: job.id, runnerId, status: 'completed', conclusion });
  }
  return { w, run };
}

const sourceOf = (definition: WorkflowDefinition, asked: Run[] = []) => ({
  loadDefinition: async (run: Run) => {
    asked.push(run);
    return definition;
  },
});

describe('rerun from the workflow re-read at the source commit', () => {
  it('plans the jobs the file declares now, keeping successful results with failed_only', async () => {
    const { w, run } = await finishedRun();
    const asked: Run[] = [];
    const definition: WorkflowDefinition = {
      kind: 'found',
      workflowName: 'CI (edited)',
      jobs: [
        plannedJob('build', { steps: [plannedStep('new build step')] }),
        plannedJob('test'),
        plannedJob('docs'),
      ],
    };
    const { run: rerun, jobs } = await rerunRun(
      { ...w, workflows: sourceOf(definition, asked) },
      { runId: run.id, actorUserId: null, failedOnly: true },
    );
    expect(asked.map((r) => r.id)).toEqual([run.id]);
    expect(rerun).toMatchObject({ workflowName: 'CI (edited)', parentRunId: run.id, headSha: run.headSha });
    expect(jobs.map((j) => [j.jobKey, j.status, j.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test', 'queued', null],
      ['docs', 'queued', null],
    ]);
    // A copied job keeps the steps that produced its result, not the file's new ones.
    const sourceBuild = (await w.runs.listJobs(run.id))[0]!;
    const view = (steps: { stepName: string; status: string }[]) => steps.map((s) => [s.stepName, s.status]);
    const copied = view(await w.runs.listSteps([jobs[0]!.id]));
    expect(copied.map(([name]) => name)).toEqual(['build-1', 'build-2']);
    expect(copied).toEqual(view(await w.runs.listSteps([sourceBuild.id])));
  });

  it.each<[string, WorkflowDefinition, string, string, string]>([
    ['missing', { kind: 'missing' }, 'conflict', 'run.workflow_unavailable', 'workflow source unavailable'],
    [
      'invalid',
      { kind: 'invalid', diagnostics: [] },
      'unprocessable',
      'run.workflow_invalid',
      'workflow source invalid',
    ],
  ])('refuses a %s file and enqueues nothing', async (_, definition, kind, code, message) => {
    const { w, run } = await finishedRun();
    const attempt = rerunRun(
      { ...w, workflows: sourceOf(definition) },
      { runId: run.id, actorUserId: null, failedOnly: false },
    );
    await expect(attempt).rejects.toMatchObject({ kind, code, message });
    expect(await w.runs.getRun(run.id + 1)).toBeUndefined();
  });
});
