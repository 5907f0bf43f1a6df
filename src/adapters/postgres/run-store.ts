import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Job, PlannedRun, Run, Step } from '../../ports/model/run.js';
import type { EnqueuedRun, RunStore } from '../../ports/run-store.js';
import type { Db } from './database.js';
import { isUniqueViolation, toJob, toRun, toStep } from './run-rows.js';
import { workflowJobs, workflowRuns, workflowSteps } from './schema.js';

/**
 * Enqueues for one repo take a transaction-scoped advisory lock (key space `RUNS`), so
 * they compute `run_index` one after the other; the unique index stays the guarantee and a
 * violation (e.g. a writer that skipped the lock) is retried.
 */
const ENQUEUE_ATTEMPTS = 5;
const RUN_INDEX_LOCK_SPACE = 0x52554e53;

/** `RunStore` on PostgreSQL or PGlite; an enqueue is one transaction. */
export class PgRunStore implements RunStore {
  constructor(private readonly db: Db) {}

  async enqueueRun(planned: PlannedRun, now: Date): Promise<EnqueuedRun> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => enqueueOnce(tx, planned, now));
      } catch (err) {
        // A unique violation is a concurrent enqueue of the same index or the same trigger:
        // the retry takes the next index or finds the run stored by the other caller.
        if (!isUniqueViolation(err) || attempt >= ENQUEUE_ATTEMPTS) throw err;
      }
    }
  }

  async getRun(runId: number): Promise<Run | undefined> {
    const [row] = await this.db.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
    return row ? toRun(row) : undefined;
  }

  async getJob(jobId: number): Promise<Job | undefined> {
    const [row] = await this.db.select().from(workflowJobs).where(eq(workflowJobs.id, jobId));
    return row ? toJob(row) : undefined;
  }

  listJobs(runId: number): Promise<Job[]> {
    return selectJobsOfRun(this.db, runId);
  }

  listSteps(jobIds: number[]): Promise<Step[]> {
    return selectSteps(this.db, jobIds);
  }
}

async function enqueueOnce(tx: Db, planned: PlannedRun, now: Date): Promise<EnqueuedRun> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(${RUN_INDEX_LOCK_SPACE}, (${planned.repoId}::bigint % 2147483647)::int)`,
  );
  if (planned.triggerEventId !== '') {
    const [existing] = await tx
      .select()
      .from(workflowRuns)
      .where(
        and(
          eq(workflowRuns.repoId, planned.repoId),
          eq(workflowRuns.workflowFile, planned.workflowFile),
          eq(workflowRuns.triggerEventId, planned.triggerEventId),
        ),
      );
    if (existing)
      return { run: toRun(existing), jobs: await selectJobsOfRun(tx, existing.id), created: false };
  }
  const failed = planned.diagnostics !== null && planned.jobs.length === 0;
  const [run] = await tx
    .insert(workflowRuns)
    .values({
      repoId: planned.repoId,
      runIndex: sql`(SELECT COALESCE(MAX(run_index), 0) + 1 FROM workflow_runs WHERE repo_id = ${planned.repoId})`,
      workflowFile: planned.workflowFile,
      workflowName: planned.workflowName,
      headSha: planned.headSha,
      headRef: planned.headRef,
      event: planned.event,
      eventPayload: planned.eventPayload,
      actorUserId: planned.actorUserId,
      parentRunId: planned.parentRunId,
      concurrencyGroup: planned.concurrencyGroup,
      status: failed ? 'completed' : 'queued',
      conclusion: failed ? 'failure' : null,
      needApproval: planned.needApproval,
      diagnostics: planned.diagnostics,
      triggerEventId: planned.triggerEventId,
      startedAt: failed ? now : null,
      completedAt: failed ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const jobs = planned.jobs.length === 0 ? [] : await insertJobs(tx, run!.id, planned, now);
  return { run: toRun(run!), jobs, created: true };
}

async function insertJobs(tx: Db, runId: number, planned: PlannedRun, now: Date): Promise<Job[]> {
  const rows = await tx
    .insert(workflowJobs)
    .values(
      planned.jobs.map(({ steps: _steps, copiedResult, call, ...job }, jobIndex) => ({
        ...job,
        workflowCall: call ?? null,
        runId,
        jobIndex,
        status: copiedResult?.status ?? 'queued',
        conclusion: copiedResult?.conclusion ?? null,
        outputs: copiedResult?.outputs ?? {},
        startedAt: copiedResult?.startedAt ?? null,
        completedAt: copiedResult?.completedAt ?? null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning();
  const jobs = rows.map(toJob).sort((a, b) => a.jobIndex - b.jobIndex);
  const steps = planned.jobs.flatMap((plannedJob, jobIndex) =>
    plannedJob.steps.map(({ copiedResult, ...step }, stepIndex) => ({
      ...step,
      jobId: jobs[jobIndex]!.id,
      stepIndex,
      status: copiedResult?.status ?? 'queued',
      conclusion: copiedResult?.conclusion ?? null,
      startedAt: copiedResult?.startedAt ?? null,
      completedAt: copiedResult?.completedAt ?? null,
      createdAt: now,
      updatedAt: now,
    })),
  );
  if (steps.length > 0) await tx.insert(workflowSteps).values(steps);
  return jobs;
}

/** The run's jobs in job order. */
export async function selectJobsOfRun(db: Db, runId: number): Promise<Job[]> {
  const rows = await db
    .select()
    .from(workflowJobs)
    .where(eq(workflowJobs.runId, runId))
    .orderBy(asc(workflowJobs.jobIndex));
  return rows.map(toJob);
}

/** The steps of these jobs by job id, then step index. */
export async function selectSteps(db: Db, jobIds: readonly number[]): Promise<Step[]> {
  if (jobIds.length === 0) return [];
  const rows = await db
    .select()
    .from(workflowSteps)
    .where(inArray(workflowSteps.jobId, [...jobIds]))
    .orderBy(asc(workflowSteps.jobId), asc(workflowSteps.stepIndex));
  return rows.map(toStep);
}
