/** `POST /jobs/{id}/steps/{step_id}/status` and `POST /jobs/{id}/status` (SPEC §7.2). */
import type { AnnotationStore } from '../../ports/annotation-store.js';
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import type { JobStatus, Step } from '../../ports/model/run.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { notFound } from '../errors.js';
import { type JobStatusResult, updateJobStatus } from '../jobs/update-job-status.js';
import { updateStepStatus } from '../jobs/update-step-status.js';
import type { MaskSet } from '../logs/mask-set.js';
import type { JobCall } from './authorise-job-call.js';
import { type CommitDeps, commitJobCall, mintApiToken } from './commit-job-call.js';
import { type JobMaskDeps, loadJobMaskSet } from './job-masks.js';
import { flushCarries } from './log-carry.js';
import { addJobMasks, type ReportExtras, scrubbed, scrubOutputs, storeAnnotations } from './report-extras.js';
import { notifyJobsFinished } from './wake-runners.js';

/** A status report as the runner sends it; values are validated by the job state machine. */
export interface StatusReportInput {
  status: string;
  conclusion?: string | null;
  startedAt?: Date | null;
  completedAt?: Date | null;
  /** Additive fields (workflow parity); summary, annotations and outputs count only in a terminal report. */
  extras?: ReportExtras;
}

export type ReportDeps = CommitDeps &
  JobMaskDeps & { jobTokens: JobTokens; wake: WakeBus; annotations: AnnotationStore };

const ENDING: readonly string[] = ['completed', 'cancelled', 'skipped'] satisfies JobStatus[];

/**
 * Applies a step report and spends the token in one transaction; a step that ends has its
 * log carry flushed and its summary (scrubbed) stored in it too, then its annotations
 * (scrubbed) replace any stored for it. Masks the report adds join the job's mask set first.
 * Counts `steps_completed_total` and (first time only) `step_timeouts_total`. not_found
 * `step.not_found`; other errors as `updateStepStatus`. Always answers the next token, also
 * for a terminal step.
 */
export async function reportStepStatus(
  deps: ReportDeps,
  call: JobCall,
  input: StatusReportInput & { stepId: number },
): Promise<{ step: Step; nextToken: MintedJobToken }> {
  const masks = await masksIfEnding(deps, call, input);
  const summary = masks && input.extras?.summary ? scrubbed(masks, input.extras.summary) : null;
  const { before, after, replacements } = await commitJobCall(deps, call, 'first', async (tx) => {
    const locked = await tx.logs.lockStep(call.job.id, input.stepId);
    if (!locked) throw notFound('step.not_found', 'step not found');
    const updated = await updateStepStatus(
      { lifecycle: tx.lifecycle, clock: deps.clock },
      { ...input, jobId: call.job.id, runnerId: call.runner.id, summary },
    );
    const flushed =
      masks && ENDING.includes(updated.status) ? await flushCarries(tx, { ...deps, masks }, [updated.id]) : 0;
    return { before: locked, after: updated, replacements: flushed };
  });
  countScrubbed(deps, replacements);
  await addJobMasks(deps, call.job, input.extras?.addMasks, deps.clock.now());
  if (masks && ENDING.includes(after.status)) {
    const at = { jobId: call.job.id, stepId: after.id, masks, now: deps.clock.now() };
    await storeAnnotations(deps, { ...at, annotations: input.extras?.annotations });
  }
  if (!ENDING.includes(before.status) && ENDING.includes(after.status) && after.conclusion) {
    const stepType = after.usesAlias === '' ? 'run' : 'uses';
    deps.metrics.increment('steps_completed_total', { step_type: stepType, conclusion: after.conclusion });
    if (after.conclusion === 'timed_out') deps.metrics.increment('step_timeouts_total');
  }
  return { step: after, nextToken: await mintApiToken(deps, call.token) };
}

/**
 * Applies a job report and spends the token in one transaction; a job that ends has every
 * step's log carry flushed and its outputs (scrubbed) stored in it, then its own
 * annotations stored, wakes waiting runners (capacity came free), and ends the chain (no
 * next token). A completed run is counted in `runs_completed_total` and
 * `run_duration_seconds`. Errors as `updateJobStatus`.
 */
export async function reportJobStatus(
  deps: ReportDeps,
  call: JobCall,
  input: StatusReportInput,
): Promise<JobStatusResult & { nextToken: MintedJobToken | null }> {
  const masks = await masksIfEnding(deps, call, input);
  const outputs = masks && input.extras?.outputs ? scrubOutputs(masks, input.extras.outputs) : undefined;
  const { result, replacements } = await commitJobCall(deps, call, 'last', async (tx, now) => {
    const reported = await updateJobStatus(
      { lifecycle: tx.lifecycle, clock: deps.clock },
      { ...input, jobId: call.job.id, runnerId: call.runner.id, ...(outputs ? { outputs } : {}) },
    );
    if (!masks || !ENDING.includes(reported.job.status)) return { result: reported, replacements: 0 };
    const steps = await tx.lifecycle.transaction(now, (ledger) => ledger.listSteps([call.job.id]));
    const flushed = await flushCarries(
      tx,
      { ...deps, masks },
      steps.map((s) => s.id),
    );
    return { result: reported, replacements: flushed };
  });
  countScrubbed(deps, replacements);
  await addJobMasks(deps, call.job, input.extras?.addMasks, deps.clock.now());
  if (!ENDING.includes(result.job.status))
    return { ...result, nextToken: await mintApiToken(deps, call.token) };
  if (masks) {
    const at = { jobId: call.job.id, stepId: null, masks, now: deps.clock.now() };
    await storeAnnotations(deps, { ...at, annotations: input.extras?.annotations });
  }
  await notifyJobsFinished(deps);
  const { run } = result;
  if (result.runCompleted && run.conclusion) {
    deps.metrics.increment('runs_completed_total', { event: run.event, conclusion: run.conclusion });
    const startedAt = run.startedAt ?? run.createdAt;
    const endedAt = run.completedAt ?? deps.clock.now();
    deps.metrics.observe('run_duration_seconds', Math.max(0, endedAt.getTime() - startedAt.getTime()) / 1000);
  }
  return { ...result, nextToken: null };
}

function masksIfEnding(
  deps: JobMaskDeps,
  call: JobCall,
  input: StatusReportInput,
): Promise<MaskSet | undefined> {
  if (!ENDING.includes(input.status)) return Promise.resolve(undefined);
  return loadJobMaskSet(deps, call.job, input.extras?.addMasks);
}

function countScrubbed(deps: CommitDeps, replacements: number): void {
  if (replacements > 0) {
    deps.metrics.increment('log_scrub_replacements_total', { location: 'server' }, replacements);
  }
}
