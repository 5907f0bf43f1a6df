/** Rerunning a finished run (SPEC §10.7, facts §6.2). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Job, PlannedJob, PlannedRun, PlannedStep, Run, Step } from '../../ports/model/run.js';
import type { Random } from '../../ports/random.js';
import type { EnqueuedRun, RunStore } from '../../ports/run-store.js';
import type { WorkflowSource } from '../../ports/workflow-source.js';
import { conflict, notFound } from '../errors.js';
import { settleRun } from './end-jobs.js';
import { planFromWorkflowSource } from './rerun-definition.js';
import { hasDeferredTemplates } from './resolve-ready-jobs.js';
import { isTerminal } from './transitions.js';

/**
 * The plan of a rerun built from the source run's stored jobs and steps (until the
 * workflow parser re-reads the file at `head_sha`). With `failedOnly`, jobs that ended
 * completed/success keep that result (steps too); every other job is queued again.
 */
export function planRerun(
  source: Run,
  jobs: readonly Job[],
  steps: readonly Step[],
  opts: { actorUserId: number | null; failedOnly: boolean; triggerEventId: string },
): PlannedRun {
  const plannedJobs = jobs.map((job): PlannedJob => {
    const keep = opts.failedOnly && job.status === 'completed' && job.conclusion === 'success';
    return {
      jobKey: job.jobKey,
      jobName: job.jobName,
      runsOn: [...job.runsOn],
      needsJobs: [...job.needsJobs],
      ifExpr: job.ifExpr,
      timeoutMinutes: job.timeoutMinutes,
      permissions: job.permissions,
      jobEnv: job.jobEnv,
      matrix: job.matrix ?? {},
      matrixGroup: job.matrixGroup ?? '',
      failFast: job.failFast ?? false,
      continueOnError: job.continueOnError ?? false,
      concurrencyGroup: job.concurrencyGroup ?? '',
      maxParallel: job.maxParallel ?? 0,
      outputTemplates: job.outputTemplates ?? {},
      timeoutMinutesExpr: job.timeoutMinutesExpr ?? '',
      continueOnErrorExpr: job.continueOnErrorExpr ?? '',
      containers: job.containers ?? null,
      call: job.call ?? null,
      steps: steps.filter((s) => s.jobId === job.id).map((step) => planStep(step, keep)),
      ...(keep ? { copiedResult: { ...resultOf(job), outputs: job.outputs ?? {} } } : {}),
    };
  });
  return {
    repoId: source.repoId,
    workflowFile: source.workflowFile,
    workflowName: source.workflowName,
    headSha: source.headSha,
    headRef: source.headRef,
    event: source.event,
    eventPayload: source.eventPayload,
    actorUserId: opts.actorUserId,
    parentRunId: source.id,
    concurrencyGroup: source.concurrencyGroup,
    // An approval covered the source run only: a rerun of an untrusted run waits again.
    needApproval: source.needApproval,
    diagnostics: source.diagnostics,
    triggerEventId: opts.triggerEventId,
    jobs: plannedJobs,
  };
}

/**
 * Enqueues a rerun of a completed or cancelled run (conflict `run.not_rerunnable`
 * `run is not rerunnable`; not_found `run.not_found`) with the next `run_index`,
 * `parent_run_id` = source and trigger id `rerun:<run>:<16 hex>`. A rerun whose jobs were
 * all copied completes at once. With `workflows`, the jobs come from the workflow file
 * re-read at the source commit (see `planFromWorkflowSource` for its 409/422); without
 * it, from the jobs and steps stored with the source run.
 */
export async function rerunRun(
  deps: { runs: RunStore; lifecycle: JobLifecycle; clock: Clock; random: Random; workflows?: WorkflowSource },
  input: { runId: number; actorUserId: number | null; failedOnly: boolean },
): Promise<EnqueuedRun> {
  const source = await deps.runs.getRun(input.runId);
  if (!source) throw notFound('run.not_found', `run ${input.runId} not found`);
  if (source.status !== 'completed' && source.status !== 'cancelled') {
    throw conflict('run.not_rerunnable', 'run is not rerunnable');
  }
  const jobs = await deps.runs.listJobs(source.id);
  const steps = await deps.runs.listSteps(jobs.map((j) => j.id));
  const suffix = Array.from(deps.random.bytes(8), (b) => b.toString(16).padStart(2, '0')).join('');
  const stored = planRerun(source, jobs, steps, { ...input, triggerEventId: `rerun:${source.id}:${suffix}` });
  const plan = deps.workflows ? await planFromWorkflowSource(deps.workflows, source, stored) : stored;
  const now = deps.clock.now();
  const enqueued = await deps.runs.enqueueRun(plan, now);
  // Settled at once when nothing is left to run, or when a copied job made another ready.
  const settle =
    enqueued.jobs.every((j) => isTerminal(j.status)) ||
    enqueued.jobs.some((j) => j.status === 'queued' && hasDeferredTemplates(j));
  if (enqueued.jobs.length === 0 || !settle) return enqueued;
  return deps.lifecycle.transaction(now, async (ledger) => {
    const locked = (await ledger.lockRun(enqueued.run.id))!;
    const settled = await settleRun(ledger, locked.run, locked.jobs, now);
    return { ...enqueued, run: settled.run, jobs: settled.jobs };
  });
}

function planStep(step: Step, keep: boolean): PlannedStep {
  return {
    stepId: step.stepId,
    stepName: step.stepName,
    ifExpr: step.ifExpr,
    runCommand: step.runCommand,
    usesAlias: step.usesAlias,
    shell: step.shell,
    workingDirectory: step.workingDirectory,
    stepEnv: step.stepEnv,
    stepWith: step.stepWith,
    continueOnError: step.continueOnError,
    timeoutMinutes: step.timeoutMinutes,
    continueOnErrorExpr: step.continueOnErrorExpr ?? '',
    timeoutMinutesExpr: step.timeoutMinutesExpr ?? '',
    ...(keep && isTerminal(step.status) ? { copiedResult: resultOf(step) } : {}),
  };
}

function resultOf(row: Pick<Job, 'status' | 'conclusion' | 'startedAt' | 'completedAt'>) {
  return {
    status: row.status as 'completed' | 'cancelled' | 'skipped',
    conclusion: row.conclusion ?? 'success',
    startedAt: row.startedAt,
    completedAt: row.completedAt,
  };
}
