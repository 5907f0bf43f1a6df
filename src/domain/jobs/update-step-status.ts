/** A step status report from the runner running its job (SPEC §7.2). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Step } from '../../ports/model/run.js';
import type { StepPatch } from '../../ports/run-ledger.js';
import { notFound } from '../errors.js';
import { assertAssignedTo, requireJob } from './job-assignment.js';
import { isTerminal, type RequestedStatus, resolveStatusChange } from './transitions.js';

export interface StepStatusReport extends RequestedStatus {
  jobId: number;
  stepId: number;
  /** The reporting runner; omitted for server-side changes. */
  runnerId?: number;
  startedAt?: Date | null;
  completedAt?: Date | null;
  /** The step summary (already scrubbed), stored when the report ends the step. */
  summary?: string | null;
}

/**
 * Applies a step report atomically. not_found `job.not_found` / `step.not_found` (a step of
 * another job is not found too); conflict `job.not_assigned`, `step.illegal_transition`;
 * invalid for bad values. Repeating a terminal status changes nothing.
 */
export function updateStepStatus(
  deps: { lifecycle: JobLifecycle; clock: Clock },
  report: StepStatusReport,
): Promise<Step> {
  const now = deps.clock.now();
  return deps.lifecycle.transaction(now, async (ledger) => {
    const [job] = await ledger.lockJobs([report.jobId]);
    assertAssignedTo(requireJob(job, report.jobId), report.runnerId);
    const step = await ledger.lockStep(report.jobId, report.stepId);
    if (!step) throw notFound('step.not_found', `step ${report.stepId} not found`);
    const change = resolveStatusChange('step', step.status, report);
    if (isTerminal(step.status)) return step;
    const patch: StepPatch = { status: change.status, conclusion: change.conclusion };
    if (change.status !== 'skipped') patch.startedAt = step.startedAt ?? report.startedAt ?? now;
    if (isTerminal(change.status)) patch.completedAt = report.completedAt ?? now;
    if (isTerminal(change.status) && report.summary) patch.summary = report.summary;
    const [updated] = await ledger.updateSteps([step.id], patch);
    return updated!;
  });
}
