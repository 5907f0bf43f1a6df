/** Row ↔ domain mappers for runs, jobs, steps, runners and policies (shared by the run stores). */
import { Param, type SQL, sql } from 'drizzle-orm';
import type { PolicyState, ScopedPolicy, SitePolicy } from '../../ports/model/forge.js';
import { DEFAULT_SITE_POLICY } from '../../ports/model/forge.js';
import type {
  Conclusion,
  Job,
  JobCallBinding,
  JobContainers,
  JobStatus,
  JsonObject,
  Run,
  RunEvent,
  RunStatus,
  Step,
} from '../../ports/model/run.js';
import type {
  actionsOrgPolicies,
  actionsSitePolicy,
  workflowJobs,
  workflowRunners,
  workflowRuns,
  workflowSteps,
} from './schema.js';

export type RunRow = typeof workflowRuns.$inferSelect;
export type JobRow = typeof workflowJobs.$inferSelect;
export type StepRow = typeof workflowSteps.$inferSelect;
export type RunnerRow = typeof workflowRunners.$inferSelect;
type SitePolicyRow = typeof actionsSitePolicy.$inferSelect;
type ScopedPolicyRow = Omit<typeof actionsOrgPolicies.$inferSelect, 'orgId'>;

/**
 * One array parameter cast to `<type>[]` (both drivers serialise a JS array). A single
 * parameter keeps the statement text the same for every length, so postgres.js reuses
 * its prepared statement instead of planning the claim anew each time.
 */
export function sqlArray(values: readonly (string | number)[], type: 'text' | 'bigint'): SQL {
  return sql`${new Param([...values])}::${sql.raw(type)}[]`;
}

/** A timestamp bound as ISO text and cast, which both drivers accept. */
export function sqlTime(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}

/** The rows of a `db.execute` result on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** True for a PostgreSQL unique violation, however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export function toRun(row: RunRow): Run {
  return {
    id: row.id,
    repoId: row.repoId,
    runIndex: row.runIndex,
    workflowFile: row.workflowFile,
    workflowName: row.workflowName,
    headSha: row.headSha,
    headRef: row.headRef,
    event: row.event as RunEvent,
    eventPayload: (row.eventPayload ?? {}) as JsonObject,
    actorUserId: row.actorUserId,
    parentRunId: row.parentRunId,
    concurrencyGroup: row.concurrencyGroup,
    status: row.status as RunStatus,
    conclusion: row.conclusion as Conclusion | null,
    pinned: row.pinned,
    needApproval: row.needApproval,
    approvedByUserId: row.approvedByUserId,
    diagnostics: (row.diagnostics ?? null) as unknown[] | null,
    triggerEventId: row.triggerEventId,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    runId: row.runId,
    jobIndex: row.jobIndex,
    jobKey: row.jobKey,
    jobName: row.jobName,
    runsOn: row.runsOn,
    runnerId: row.runnerId,
    needsJobs: row.needsJobs,
    ifExpr: row.ifExpr,
    timeoutMinutes: row.timeoutMinutes,
    permissions: (row.permissions ?? {}) as JsonObject,
    jobEnv: (row.jobEnv ?? {}) as Record<string, string>,
    matrix: (row.matrix ?? {}) as JsonObject,
    matrixGroup: row.matrixGroup,
    failFast: row.failFast,
    continueOnError: row.continueOnError,
    concurrencyGroup: row.concurrencyGroup,
    maxParallel: row.maxParallel,
    tokenChain: row.tokenChain,
    outputTemplates: (row.outputTemplates ?? {}) as Record<string, string>,
    timeoutMinutesExpr: row.timeoutMinutesExpr,
    continueOnErrorExpr: row.continueOnErrorExpr,
    outputs: (row.outputs ?? {}) as Record<string, string>,
    containers: (row.containers ?? null) as JobContainers | null,
    call: (row.workflowCall ?? null) as JobCallBinding | null,
    status: row.status as JobStatus,
    conclusion: row.conclusion as Conclusion | null,
    statusReason: row.statusReason,
    cancelRequested: row.cancelRequested,
    cancelRequestedAt: row.cancelRequestedAt,
    deadlineAt: row.deadlineAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toStep(row: StepRow): Step {
  return {
    id: row.id,
    jobId: row.jobId,
    stepIndex: row.stepIndex,
    stepId: row.stepId,
    stepName: row.stepName,
    ifExpr: row.ifExpr,
    runCommand: row.runCommand,
    usesAlias: row.usesAlias,
    shell: row.shell,
    workingDirectory: row.workingDirectory,
    stepEnv: (row.stepEnv ?? {}) as Record<string, string>,
    stepWith: (row.stepWith ?? {}) as Record<string, string>,
    continueOnError: row.continueOnError,
    timeoutMinutes: row.timeoutMinutes,
    continueOnErrorExpr: row.continueOnErrorExpr,
    timeoutMinutesExpr: row.timeoutMinutesExpr,
    summary: row.summary,
    status: row.status as JobStatus,
    conclusion: row.conclusion as Conclusion | null,
    logObjectKey: row.logObjectKey,
    logByteCount: row.logByteCount,
    logSha256: row.logSha256,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The site policy row, or the defaults when the singleton was never written. */
export function toSitePolicy(row: SitePolicyRow | undefined): SitePolicy {
  if (!row) return { ...DEFAULT_SITE_POLICY };
  return {
    actionsEnabled: row.actionsEnabled,
    requirePrApproval: row.requirePrApproval,
    maxRepoQueuedRuns: row.maxRepoQueuedRuns,
    maxRepoConcurrentJobs: row.maxRepoConcurrentJobs,
    maxOwnerConcurrentJobs: row.maxOwnerConcurrentJobs,
    actorTriggerLimitPerHour: row.actorTriggerLimitPerHour,
  };
}

export function toScopedPolicy(row: ScopedPolicyRow | undefined): ScopedPolicy | null {
  if (!row) return null;
  return {
    actionsEnabled: row.actionsEnabled as PolicyState,
    requirePrApproval: row.requirePrApproval,
    maxRepoQueuedRuns: row.maxRepoQueuedRuns,
    maxRepoConcurrentJobs: row.maxRepoConcurrentJobs,
    maxOwnerConcurrentJobs: row.maxOwnerConcurrentJobs,
    actorTriggerLimitPerHour: row.actorTriggerLimitPerHour,
  };
}
