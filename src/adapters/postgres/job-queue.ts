import { eq, sql } from 'drizzle-orm';
import { decideClaim, type RunnerHeartbeat } from '../../domain/runners/decide-claim.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
} from '../../ports/model/queue.js';
import { takeOldestClaimable } from './claim-sql.js';
import type { Db } from './database.js';
import { listQueueGroups, listRunnerLoads, listRunningJobs, loadWaitContexts } from './queue-views.js';
import { sqlTime, toJob, toRun } from './run-rows.js';
import { selectSteps } from './run-store.js';
import { repos, workflowJobs, workflowRunners, workflowRuns } from './schema.js';

/**
 * `JobQueue` on PostgreSQL or PGlite. The claim is one transaction: the runner row lock
 * serialises one runner's heartbeats, and `decideClaim` says what to store and whether to
 * take a job; `FOR UPDATE OF j SKIP LOCKED` lets concurrent
 * claimers pass over each other's candidate instead of waiting on it, and a job another
 * claimer took meanwhile fails the re-checked `status = 'queued'`, so no job is handed
 * out twice.
 */
export class PgJobQueue implements JobQueue {
  constructor(private readonly db: Db) {}

  claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ runner: workflowRunners, running: RUNNING_JOBS })
        .from(workflowRunners)
        .where(eq(workflowRunners.id, request.runnerId))
        .for('update');
      if (!locked) return { kind: 'unknown_runner' };
      const decision = decideClaim(locked.runner, locked.running, request);
      if (decision.kind === 'revoked') return decision;
      const beat = (heartbeat: RunnerHeartbeat) =>
        tx
          .update(workflowRunners)
          .set({ ...heartbeat, updatedAt: request.now })
          .where(eq(workflowRunners.id, request.runnerId));
      if (decision.kind !== 'try_claim') {
        await beat(decision.heartbeat);
        return { kind: decision.kind };
      }
      const claimed = await takeOldestClaimable(tx, request.runnerId, decision.heartbeat.labels, request.now);
      await beat(claimed ? decision.heartbeatWhenTaken : decision.heartbeat);
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

/** The runner's running jobs, spelled out: Drizzle leaves select-list columns unqualified. */
const RUNNING_JOBS = sql<number>`(SELECT count(*)::int FROM workflow_jobs j
  WHERE j.runner_id = workflow_runners.id AND j.status = 'running')`.mapWith(Number);

async function loadClaimed(tx: Db, jobId: number, runId: number, now: Date): Promise<ClaimOutcome> {
  // Starting the run must not wait: a lifecycle transaction holding the run row may be
  // waiting for this very job, and waiting here would close a cycle. If the row is busy,
  // the job's first status report starts the run instead.
  await tx.execute(sql`
    UPDATE workflow_runs SET status = 'running', started_at = COALESCE(started_at, ${sqlTime(now)}),
      version = version + 1, updated_at = ${sqlTime(now)}
    WHERE id = (SELECT id FROM workflow_runs WHERE id = ${runId} AND status = 'queued' FOR UPDATE SKIP LOCKED)`);
  const [row] = await tx
    .select({ job: workflowJobs, run: workflowRuns, repo: repos })
    .from(workflowJobs)
    .innerJoin(workflowRuns, eq(workflowRuns.id, workflowJobs.runId))
    .innerJoin(repos, eq(repos.id, workflowRuns.repoId))
    .where(eq(workflowJobs.id, jobId));
  const { job, run, repo } = row!;
  return {
    kind: 'claimed',
    job: toJob(job),
    run: toRun(run),
    steps: await selectSteps(tx, [jobId]),
    repo: { id: repo.id, ownerName: repo.ownerName, name: repo.name },
  };
}
