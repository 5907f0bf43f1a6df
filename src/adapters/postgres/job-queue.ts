import { and, eq, sql } from 'drizzle-orm';
import { ALWAYS_OR_FAILURE_PATTERN } from '../../domain/jobs/needs.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
} from '../../ports/model/queue.js';
import type { Db } from './database.js';
import { listQueueGroups, listRunnerLoads, listRunningJobs, loadWaitContexts } from './queue-views.js';
import { rowsOf, sqlArray, sqlTime, toJob, toRun } from './run-rows.js';
import { selectSteps } from './run-store.js';
import { repos, workflowJobs, workflowRunners, workflowRuns } from './schema.js';

/**
 * `JobQueue` on PostgreSQL or PGlite. The claim is one transaction: the runner row lock
 * serialises one runner's heartbeats; `FOR UPDATE OF j SKIP LOCKED` lets concurrent
 * claimers pass over each other's candidate instead of waiting on it, and a job another
 * claimer took meanwhile fails the re-checked `status = 'queued'`, so no job is handed
 * out twice.
 */
export class PgJobQueue implements JobQueue {
  constructor(private readonly db: Db) {}

  claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.db.transaction(async (tx) => {
      const [runner] = await tx
        .select()
        .from(workflowRunners)
        .where(eq(workflowRunners.id, request.runnerId))
        .for('update');
      if (!runner) return { kind: 'unknown_runner' };
      if (runner.revokedAt !== null) return { kind: 'revoked' };
      const labels = request.labels ?? runner.labels;
      const capacity = request.capacity ?? runner.capacity;
      const running = await countRunning(tx, runner.id);
      const beat = (busy: boolean) =>
        tx
          .update(workflowRunners)
          .set({
            labels,
            capacity,
            hostName: request.hostName ?? runner.hostName,
            version: request.version ?? runner.version,
            lastHeartbeatAt: request.now,
            status: busy ? 'busy' : 'idle',
            updatedAt: request.now,
          })
          .where(eq(workflowRunners.id, runner.id));
      if (runner.drainingAt !== null) {
        await beat(running > 0);
        return { kind: 'draining' };
      }
      if (running >= capacity) {
        await beat(true);
        return { kind: 'at_capacity' };
      }
      const claimed = await takeOldestClaimable(tx, runner.id, labels, request.now);
      await beat(claimed !== undefined && running + 1 >= capacity);
      if (!claimed) return { kind: 'no_job' };
      return loadClaimed(tx, claimed.id, claimed.runId, request.now);
    });
  }

  listQueueGroups(): Promise<QueueGroup[]> {
    return listQueueGroups(this.db);
  }

  loadWaitContexts(jobIds: number[]): Promise<JobWaitContext[]> {
    return loadWaitContexts(this.db, jobIds);
  }

  listRunnerLoads(): Promise<RunnerLoad[]> {
    return listRunnerLoads(this.db);
  }

  listRunningJobs(filter: { runnerId?: number; limit: number }): Promise<RunningJobView[]> {
    return listRunningJobs(this.db, filter);
  }
}

async function countRunning(tx: Db, runnerId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(workflowJobs)
    .where(and(eq(workflowJobs.runnerId, runnerId), eq(workflowJobs.status, 'running')));
  return Number(row?.n ?? 0);
}

/**
 * The claim predicate of SPEC §9.1 (facts §3.2) and the assignment, in one statement. The
 * running-job counts and the `needs`/concurrency checks run only for rows the index scan
 * reaches in `(created_at, id)` order, and the scan stops at the first row that passes.
 */
async function takeOldestClaimable(tx: Db, runnerId: number, labels: string[], now: Date) {
  const result = await tx.execute(sql`
    WITH candidate AS (
      SELECT j.id
      FROM workflow_jobs j
      JOIN workflow_runs r ON r.id = j.run_id
      JOIN repos p ON p.id = r.repo_id
      LEFT JOIN actions_site_policy sp ON sp.id = true
      LEFT JOIN actions_org_policies op ON op.org_id = p.owner_org_id
      LEFT JOIN actions_repo_policies rp ON rp.repo_id = p.id
      WHERE j.status = 'queued' AND j.runner_id IS NULL AND NOT j.cancel_requested
        AND j.runs_on <@ ${sqlArray(labels, 'text')}
        AND r.status IN ('queued', 'running')
        AND (NOT r.need_approval OR r.approved_by_user_id IS NOT NULL)
        AND COALESCE(sp.actions_enabled, true)
        AND COALESCE(NULLIF(rp.actions_enabled, 'inherit'), NULLIF(op.actions_enabled, 'inherit'), 'enabled') <> 'disabled'
        AND (SELECT count(*) FROM workflow_jobs rj JOIN workflow_runs rr ON rr.id = rj.run_id
             WHERE rj.status = 'running' AND rr.repo_id = r.repo_id)
          < COALESCE(rp.max_repo_concurrent_jobs, op.max_repo_concurrent_jobs, sp.max_repo_concurrent_jobs, 20)
        AND (SELECT count(*) FROM workflow_jobs oj JOIN workflow_runs orr ON orr.id = oj.run_id
               JOIN repos op2 ON op2.id = orr.repo_id
             WHERE oj.status = 'running'
               AND (op2.owner_user_id = p.owner_user_id OR op2.owner_org_id = p.owner_org_id))
          < COALESCE(rp.max_owner_concurrent_jobs, op.max_owner_concurrent_jobs, sp.max_owner_concurrent_jobs, 100)
        AND NOT EXISTS (
          SELECT 1 FROM workflow_jobs d
          WHERE d.run_id = j.run_id AND d.job_key = ANY(j.needs_jobs)
            AND NOT (d.status = 'completed' AND d.conclusion = 'success')
            AND NOT (j.if_expr ~ ${ALWAYS_OR_FAILURE_PATTERN} AND d.status IN ('completed', 'cancelled', 'skipped')))
        AND (r.concurrency_group = '' OR NOT EXISTS (
          SELECT 1 FROM workflow_runs o
          WHERE o.repo_id = r.repo_id AND o.concurrency_group = r.concurrency_group
            AND (o.created_at, o.id) < (r.created_at, r.id) AND o.status IN ('queued', 'running')
            AND EXISTS (SELECT 1 FROM workflow_jobs oj2 WHERE oj2.run_id = o.id
                          AND oj2.status IN ('queued', 'running') AND NOT oj2.cancel_requested)))
      ORDER BY j.created_at, j.id
      LIMIT 1
      FOR UPDATE OF j SKIP LOCKED
    )
    UPDATE workflow_jobs w
    SET status = 'running', runner_id = ${runnerId},
        started_at = COALESCE(w.started_at, ${sqlTime(now)}),
        deadline_at = ${sqlTime(now)} + make_interval(mins => w.timeout_minutes),
        version = w.version + 1, updated_at = ${sqlTime(now)}
    FROM candidate WHERE w.id = candidate.id
    RETURNING w.id, w.run_id`);
  const [row] = rowsOf<{ id: number | string; run_id: number | string }>(result);
  return row ? { id: Number(row.id), runId: Number(row.run_id) } : undefined;
}

async function loadClaimed(tx: Db, jobId: number, runId: number, now: Date): Promise<ClaimOutcome> {
  // Starting the run must not wait: a lifecycle transaction holding the run row may be
  // waiting for this very job, and waiting here would close a cycle. If the row is busy,
  // the job's first status report starts the run instead.
  await tx.execute(sql`
    UPDATE workflow_runs SET status = 'running', started_at = COALESCE(started_at, ${sqlTime(now)}),
      version = version + 1, updated_at = ${sqlTime(now)}
    WHERE id = (SELECT id FROM workflow_runs WHERE id = ${runId} AND status = 'queued' FOR UPDATE SKIP LOCKED)`);
  const [job] = await tx.select().from(workflowJobs).where(eq(workflowJobs.id, jobId));
  const [run] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
  const [repo] = await tx.select().from(repos).where(eq(repos.id, run!.repoId));
  return {
    kind: 'claimed',
    job: toJob(job!),
    run: toRun(run!),
    steps: await selectSteps(tx, [jobId]),
    repo: { id: repo!.id, ownerName: repo!.ownerName, name: repo!.name },
  };
}
