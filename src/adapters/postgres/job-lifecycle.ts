import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { isTerminal } from '../../domain/jobs/transitions.js';
import type { JobLifecycle, RunningJobFilter } from '../../ports/job-lifecycle.js';
import type { Job, Run, RunApproval, Step } from '../../ports/model/run.js';
import type { Runner } from '../../ports/model/runner.js';
import type {
  ApprovalDecision,
  JobPatch,
  LockedRun,
  RunLedger,
  RunPatch,
  StepPatch,
} from '../../ports/run-ledger.js';
import type { Db } from './database.js';
import { toRunApproval } from './run-queries.js';
import { toJob, toRun, toStep } from './run-rows.js';
import { selectJobsOfRun, selectSteps } from './run-store.js';
import { toRunner } from './runner-store.js';
import {
  workflowJobs,
  workflowRunApprovals,
  workflowRunners,
  workflowRuns,
  workflowSteps,
} from './schema.js';
import { queueStepLogs } from './step-log-archive.js';

/** `JobLifecycle` on PostgreSQL or PGlite: each transaction is one database transaction. */
export class PgJobLifecycle implements JobLifecycle {
  constructor(private readonly db: Db) {}

  transaction<T>(at: Date, fn: (ledger: RunLedger) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new PgRunLedger(tx, at)));
  }

  async findRunningJobs(filter: RunningJobFilter): Promise<Job[]> {
    const j = workflowJobs;
    const silentRunners = filter.runnerSilentSince
      ? this.db
          .select({ id: workflowRunners.id })
          .from(workflowRunners)
          .where(
            or(
              isNull(workflowRunners.lastHeartbeatAt),
              lt(workflowRunners.lastHeartbeatAt, filter.runnerSilentSince),
            ),
          )
      : undefined;
    const rows = await this.db
      .select()
      .from(j)
      .where(
        and(
          eq(j.status, 'running'),
          filter.runnerId === undefined ? undefined : eq(j.runnerId, filter.runnerId),
          filter.deadlineBefore ? lt(j.deadlineAt, filter.deadlineBefore) : undefined,
          filter.cancelRequestedBefore
            ? and(eq(j.cancelRequested, true), lt(j.cancelRequestedAt, filter.cancelRequestedBefore))
            : undefined,
          silentRunners ? and(isNotNull(j.runnerId), inArray(j.runnerId, silentRunners)) : undefined,
        ),
      )
      .orderBy(asc(j.startedAt), asc(j.id));
    return rows.map(toJob);
  }

  async findRunner(runnerId: number): Promise<Runner | undefined> {
    const [row] = await this.db.select().from(workflowRunners).where(eq(workflowRunners.id, runnerId));
    return row ? toRunner(row) : undefined;
  }
}

/**
 * The ledger inside one transaction. `lockRun` reads the jobs in a second statement, after
 * the run lock is granted: under READ COMMITTED that statement sees every change committed
 * by the lifecycle transactions that held the lock before.
 */
class PgRunLedger implements RunLedger {
  constructor(
    private readonly tx: Db,
    private readonly at: Date,
  ) {}

  async lockRun(runId: number): Promise<LockedRun | undefined> {
    const [run] = await this.tx.select().from(workflowRuns).where(eq(workflowRuns.id, runId)).for('update');
    if (!run) return undefined;
    return { run: toRun(run), jobs: await selectJobsOfRun(this.tx, runId) };
  }

  async lockRunOfJob(jobId: number): Promise<LockedRun | undefined> {
    const runOfJob = this.tx
      .select({ runId: workflowJobs.runId })
      .from(workflowJobs)
      .where(eq(workflowJobs.id, jobId));
    const [run] = await this.tx
      .select()
      .from(workflowRuns)
      .where(eq(workflowRuns.id, sql`(${runOfJob})`))
      .for('update');
    if (!run) return undefined;
    return { run: toRun(run), jobs: await selectJobsOfRun(this.tx, run.id) };
  }

  async lockJobs(jobIds: number[]): Promise<Job[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.tx
      .select()
      .from(workflowJobs)
      .where(inArray(workflowJobs.id, jobIds))
      .orderBy(asc(workflowJobs.id))
      .for('update');
    return rows.map(toJob);
  }

  async lockStep(jobId: number, stepId: number): Promise<Step | undefined> {
    const [row] = await this.tx
      .select()
      .from(workflowSteps)
      .where(and(eq(workflowSteps.id, stepId), eq(workflowSteps.jobId, jobId)))
      .for('update');
    return row ? toStep(row) : undefined;
  }

  listSteps(jobIds: number[]): Promise<Step[]> {
    return selectSteps(this.tx, jobIds);
  }

  async updateJob(jobId: number, patch: JobPatch): Promise<Job> {
    const [row] = await this.tx
      .update(workflowJobs)
      .set({ ...patch, updatedAt: this.at, version: sql`${workflowJobs.version} + 1` })
      .where(eq(workflowJobs.id, jobId))
      .returning();
    return toJob(must(row, 'job', jobId));
  }

  async updateSteps(stepIds: number[], patch: StepPatch): Promise<Step[]> {
    if (stepIds.length === 0) return [];
    const rows = await this.tx
      .update(workflowSteps)
      .set({ ...patch, updatedAt: this.at, version: sql`${workflowSteps.version} + 1` })
      .where(inArray(workflowSteps.id, stepIds))
      .returning();
    if (patch.status && isTerminal(patch.status)) await queueStepLogs(this.tx, stepIds, this.at);
    return rows.map(toStep).sort((a, b) => a.id - b.id);
  }

  async updateRun(runId: number, patch: RunPatch): Promise<Run> {
    const [row] = await this.tx
      .update(workflowRuns)
      .set({ ...patch, updatedAt: this.at, version: sql`${workflowRuns.version} + 1` })
      .where(eq(workflowRuns.id, runId))
      .returning();
    return toRun(must(row, 'run', runId));
  }

  async recordApprovalDecision(runId: number, decision: ApprovalDecision): Promise<RunApproval> {
    const approved = decision.decision === 'approved';
    const outcome = {
      approvedByUserId: approved ? decision.userId : null,
      approvedAt: approved ? decision.at : null,
      rejectedByUserId: approved ? null : decision.userId,
      rejectedAt: approved ? null : decision.at,
    };
    const [run] = await this.tx
      .select({ createdAt: workflowRuns.createdAt })
      .from(workflowRuns)
      .where(eq(workflowRuns.id, runId));
    const [row] = await this.tx
      .insert(workflowRunApprovals)
      .values({
        runId,
        requestedReason: decision.requestedReason,
        requestedAt: must(run, 'run', runId).createdAt,
        ...outcome,
      })
      .onConflictDoUpdate({ target: workflowRunApprovals.runId, set: outcome })
      .returning();
    return toRunApproval(must(row, 'run approval', runId));
  }
}

function must<T>(row: T | undefined, what: string, id: number): T {
  if (!row) throw new Error(`${what} ${id} does not exist`);
  return row;
}
