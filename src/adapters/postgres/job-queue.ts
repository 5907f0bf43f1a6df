import { decideClaim } from '../../domain/runners/decide-claim.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
  UndeliveredClaim,
} from '../../ports/model/queue.js';
import {
  type ClaimCursor,
  FIRST_PAGE,
  lockRunnerForClaim,
  storeHeartbeat,
  takeOldestClaimable,
} from './claim-sql.js';
import type { Db } from './database.js';
import { listQueueGroups, listRunnerLoads, listRunningJobs, loadWaitContexts } from './queue-views.js';
import { type RawSql, rawSqlOf } from './raw-sql.js';

/**
 * `JobQueue` on PostgreSQL or PGlite. The claim is one transaction of two prepared
 * statements (`claim-sql.ts`): the runner row lock serialises one runner's heartbeats and
 * `decideClaim` — the one definition of the decision — says what to store and whether to
 * take a job; `FOR UPDATE OF j SKIP LOCKED` lets concurrent claimers pass over each
 * other's candidate instead of waiting on it, and a job another claimer took meanwhile
 * fails the re-checked `status = 'queued'`, so no job is handed out twice.
 */
export class PgJobQueue implements JobQueue {
  private readonly raw: RawSql;

  constructor(private readonly db: Db) {
    this.raw = rawSqlOf(db);
  }

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    // Each page of the search is a whole claim (lock, decide, take, commit): two round
    // trips. A page full of held-back jobs sends the next claim past them.
    for (let cursor = FIRST_PAGE; ; ) {
      const outcome = await this.claimPage(request, cursor);
      if (!('page' in outcome)) return outcome;
      cursor = outcome;
    }
  }

  private claimPage(request: ClaimRequest, cursor: ClaimCursor): Promise<ClaimOutcome | ClaimCursor> {
    return this.raw.transaction(async (tx) => {
      const locked = await lockRunnerForClaim(tx, request.runnerId);
      if (!locked) return { kind: 'unknown_runner' };
      const decision = decideClaim(locked.runner, locked.running, request);
      if (decision.kind === 'revoked') return decision;
      if (decision.kind !== 'try_claim') {
        await storeHeartbeat(tx, request.runnerId, decision.heartbeat);
        return { kind: decision.kind };
      }
      const { heartbeat, heartbeatWhenTaken } = decision;
      const taken = await takeOldestClaimable(
        tx,
        request.runnerId,
        heartbeat,
        heartbeatWhenTaken.status,
        cursor,
      );
      return taken ?? { kind: 'no_job' };
    });
  }

  async returnUndelivered(input: UndeliveredClaim): Promise<'requeued' | 'exhausted' | 'not_claimed'> {
    const [row] = await this.raw.query<{ found: number; requeued: number }>(RETURN_UNDELIVERED, [
      input.jobId,
      input.runnerId,
      input.now.toISOString(),
      input.maxUndelivered,
    ]);
    if (!row || Number(row.found) === 0) return 'not_claimed';
    return Number(row.requeued) > 0 ? 'requeued' : 'exhausted';
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

/**
 * `$1` job, `$2` runner, `$3` now, `$4` returns allowed. The job row is locked first, as
 * the claim locks it; the run is taken back only when its row is free (SKIP LOCKED), so a
 * lifecycle transaction that holds the run and waits for the job never deadlocks with this.
 */
const RETURN_UNDELIVERED = `
WITH j AS (
  SELECT id, run_id, undelivered_claims FROM workflow_jobs
  WHERE id = $1 AND runner_id = $2 AND status = 'running'
    AND NOT EXISTS (SELECT 1 FROM workflow_steps s WHERE s.job_id = $1 AND s.status <> 'queued')
  FOR UPDATE
),
requeued AS (
  UPDATE workflow_jobs w
  SET status = 'queued', runner_id = NULL, started_at = NULL, deadline_at = NULL,
      undelivered_claims = w.undelivered_claims + 1, version = w.version + 1, updated_at = $3::timestamptz
  FROM j WHERE w.id = j.id AND j.undelivered_claims < $4
  RETURNING w.run_id
),
run_back AS (
  UPDATE workflow_runs u
  SET status = 'queued', started_at = NULL, version = u.version + 1, updated_at = $3::timestamptz
  WHERE u.id = (SELECT r.id FROM workflow_runs r
                WHERE r.id = (SELECT run_id FROM requeued) AND r.status = 'running'
                  AND NOT EXISTS (SELECT 1 FROM workflow_jobs o
                                  WHERE o.run_id = r.id AND o.id <> $1 AND o.status <> 'queued')
                FOR UPDATE SKIP LOCKED)
)
SELECT (SELECT count(*)::int FROM j) AS found, (SELECT count(*)::int FROM requeued) AS requeued`;
