/**
 * The claim of SPEC §9.1 (facts §3.2) as two round trips of prepared statements in one
 * transaction: `LOCK_RUNNER` locks and reads the runner and `COUNT_RUNNING` counts its
 * running jobs (sent together, with BEGIN), the domain's
 * `decideClaim` decides, then `TAKE_JOB` does everything else in one round trip — picks
 * the oldest claimable job, assigns it, starts its run, stores the heartbeat and returns
 * the job, run, repository and steps (or `STORE_HEARTBEAT` alone when no job may be taken).
 *
 * How `TAKE_JOB` finds candidates without reading jobs for other labels: the partial index
 * `workflow_jobs_claim_idx (runs_on, created_at, id)` over claimable rows. `label_sets`
 * walks its distinct label sets (a loose index scan: one probe per set), `batch` takes the
 * oldest few jobs of each set the runner's labels cover and keeps the oldest `$9` overall.
 * Only that batch meets the full predicate (approval, policy, needs, run and job
 * concurrency groups, matrix `max-parallel`, caps), so a claim costs the same behind 100 or
 * 100,000 queued jobs, for these labels or others, unless whole batches at the head are held
 * back; then the caller pages on with the batch's last (created_at, id) as cursor.
 *
 * Limits that count running jobs (caps, groups, `max-parallel`) must see every claim that
 * committed before: two claimers whose snapshots both predate the other's take would each
 * find room for one more job. So a claim that may take a job first takes `CLAIM_LOCK`, a
 * transaction-level advisory lock, sent in the same write as `TAKE_JOB`: the statement's
 * snapshot is taken once the lock is held, and the lock is released by the COMMIT that
 * follows it, so claims queue only for the one statement, on one replica or many.
 */
import { ALWAYS_OR_FAILURE_PATTERN } from '../../domain/jobs/needs.js';
import type { RunnerHeartbeat } from '../../domain/runners/decide-claim.js';
import { DEFAULT_CONCURRENCY_CAPS } from '../../ports/model/forge.js';
import type { ClaimedJob } from '../../ports/model/queue.js';
import type { RawTransaction } from './raw-sql.js';
import { decodeRow } from './raw-sql.js';
import { toJob, toRun, toStep } from './run-rows.js';
import { workflowJobs, workflowRuns, workflowSteps } from './schema.js';

/** `$1` runner id. */
export const LOCK_RUNNER = `
SELECT r.labels, r.capacity, r.host_name, r.version, r.draining_at, r.revoked_at
FROM workflow_runners r WHERE r.id = $1 FOR UPDATE OF r`;

/**
 * `$1` runner id. A statement of its own, sent right behind `LOCK_RUNNER` (same write):
 * its snapshot is taken once the lock is held, so it counts the job a concurrent heartbeat
 * of the same runner just committed. Counted inside `LOCK_RUNNER`, the count was as of
 * before the lock wait, and two heartbeats could take a capacity-1 runner to two jobs.
 */
export const COUNT_RUNNING = `
SELECT count(*)::int AS running FROM workflow_jobs WHERE runner_id = $1 AND status = 'running'`;

/** `$1` runner id, `$2` labels, `$3` capacity, `$4` host, `$5` version, `$6` now, `$7` status. */
export const STORE_HEARTBEAT = `
UPDATE workflow_runners SET labels = $2::text[], capacity = $3, host_name = $4, version = $5,
  last_heartbeat_at = $6::timestamptz, updated_at = $6::timestamptz, status = $7
WHERE id = $1`;

/** Serialises the statements that take jobs (see the header); `0x5348` "SH" like lock-ids.ts. */
export const CLAIM_LOCK = `SELECT pg_advisory_xact_lock(${0x5348_0010})`;

/** The partial index's predicate, spelled exactly so the planner can use the index. */
const CLAIMABLE_Q = `q.status = 'queued' AND q.runner_id IS NULL AND NOT q.cancel_requested`;

/**
 * `$1`–`$6` as in `STORE_HEARTBEAT`, `$7` status when nothing is taken, `$8` when a job is,
 * `$9` batch size, `$10`/`$11` the cursor: only jobs after (created_at, id).
 * The runner row is locked by `LOCK_RUNNER` in the same transaction.
 */
export const TAKE_JOB = `
WITH RECURSIVE label_sets(runs_on) AS (
  (SELECT q.runs_on FROM workflow_jobs q WHERE ${CLAIMABLE_Q}
   ORDER BY q.runs_on LIMIT 1)
  UNION ALL
  SELECT (SELECT q.runs_on FROM workflow_jobs q
          WHERE ${CLAIMABLE_Q} AND q.runs_on > s.runs_on
          ORDER BY q.runs_on LIMIT 1)
  FROM label_sets s WHERE s.runs_on IS NOT NULL
),
batch AS MATERIALIZED (
  SELECT h.id, h.created_at FROM label_sets s
  CROSS JOIN LATERAL (
    SELECT q.id, q.created_at FROM workflow_jobs q
    WHERE q.runs_on = s.runs_on AND ${CLAIMABLE_Q}
      AND (q.created_at, q.id) > ($10::text::timestamptz, $11::bigint)
    -- runs_on is fixed here: ordering by it too makes the claim index the only fit.
    ORDER BY q.runs_on, q.created_at, q.id LIMIT $9) h
  WHERE s.runs_on <@ $2::text[]
  ORDER BY h.created_at, h.id LIMIT $9
),
-- The batch ids as one array: a primary-key lookup for the predicate below, whatever the
-- planner estimates for the batch (joining it instead walked the queue from its head).
ids AS (SELECT COALESCE(array_agg(id), '{}') AS ids FROM batch),
b AS MATERIALIZED (
  SELECT j.id, r.repo_id, p.owner_user_id, p.owner_org_id,
    COALESCE(rp.max_repo_concurrent_jobs, op.max_repo_concurrent_jobs, sp.max_repo_concurrent_jobs,
      ${DEFAULT_CONCURRENCY_CAPS.maxRepoConcurrentJobs}) AS repo_cap,
    COALESCE(rp.max_owner_concurrent_jobs, op.max_owner_concurrent_jobs, sp.max_owner_concurrent_jobs,
      ${DEFAULT_CONCURRENCY_CAPS.maxOwnerConcurrentJobs}) AS owner_cap
  FROM workflow_jobs j
  JOIN workflow_runs r ON r.id = j.run_id
  JOIN repos p ON p.id = r.repo_id
  LEFT JOIN actions_site_policy sp ON sp.id = true
  LEFT JOIN actions_org_policies op ON op.org_id = p.owner_org_id
  LEFT JOIN actions_repo_policies rp ON rp.repo_id = p.id
  WHERE j.id = ANY((SELECT ids FROM ids)::bigint[])
    AND r.status IN ('queued', 'running')
    AND (NOT r.need_approval OR r.approved_by_user_id IS NOT NULL)
    AND COALESCE(sp.actions_enabled, true)
    AND COALESCE(NULLIF(rp.actions_enabled, 'inherit'), NULLIF(op.actions_enabled, 'inherit'), 'enabled') <> 'disabled'
    AND (cardinality(j.needs_jobs) = 0 OR NOT EXISTS (
      SELECT 1 FROM workflow_jobs d
      WHERE d.run_id = j.run_id AND d.job_key = ANY(j.needs_jobs)
        AND NOT (d.status = 'completed' AND d.conclusion = 'success')
        AND NOT (j.if_expr ~ '${ALWAYS_OR_FAILURE_PATTERN.replaceAll("'", "''")}'
                 AND d.status IN ('completed', 'cancelled', 'skipped'))))
    AND (r.concurrency_group = '' OR NOT EXISTS (
      SELECT 1 FROM workflow_runs o
      WHERE o.repo_id = r.repo_id AND o.concurrency_group = r.concurrency_group
        AND (o.created_at, o.id) < (r.created_at, r.id) AND o.status IN ('queued', 'running')
        AND EXISTS (SELECT 1 FROM workflow_jobs oj WHERE oj.run_id = o.id
                      AND oj.status IN ('queued', 'running') AND NOT oj.cancel_requested)))
    -- A job's own group: one running at a time in the repository, oldest first.
    AND (j.concurrency_group = '' OR NOT EXISTS (
      SELECT 1 FROM workflow_jobs gj JOIN workflow_runs gr ON gr.id = gj.run_id
      WHERE gj.concurrency_group = j.concurrency_group AND gr.repo_id = r.repo_id AND gj.id <> j.id
        AND NOT gj.cancel_requested
        AND (gj.status = 'running'
             OR (gj.status = 'queued' AND (gj.created_at, gj.id) < (j.created_at, j.id)))))
    AND (j.max_parallel = 0 OR (
      SELECT count(*) FROM workflow_jobs mj
      WHERE mj.run_id = j.run_id AND mj.matrix_group = j.matrix_group AND mj.status = 'running')
      < j.max_parallel)
),
-- Running jobs per repo of the batch's owners, counted once per statement.
running AS MATERIALIZED (
  SELECT rr.repo_id, rp2.owner_user_id, rp2.owner_org_id, count(*) AS n
  FROM workflow_jobs rj
  JOIN workflow_runs rr ON rr.id = rj.run_id
  JOIN repos rp2 ON rp2.id = rr.repo_id
  WHERE rj.status = 'running'
    AND (rp2.owner_user_id IN (SELECT owner_user_id FROM b) OR rp2.owner_org_id IN (SELECT owner_org_id FROM b))
  GROUP BY rr.repo_id, rp2.owner_user_id, rp2.owner_org_id
),
-- The oldest job under both caps, locked; claimers pass over each other's locked rows, and
-- status, runner and cancel are re-checked on the locked row, so no job is taken twice.
candidate AS (
  SELECT j.id FROM workflow_jobs j JOIN b ON b.id = j.id
  WHERE j.id = ANY((SELECT ids FROM ids)::bigint[])
    AND j.status = 'queued' AND j.runner_id IS NULL AND NOT j.cancel_requested
    AND COALESCE((SELECT sum(n) FROM running WHERE running.repo_id = b.repo_id), 0) < b.repo_cap
    AND COALESCE((SELECT sum(n) FROM running
                  WHERE running.owner_user_id = b.owner_user_id OR running.owner_org_id = b.owner_org_id), 0)
      < b.owner_cap
  ORDER BY j.created_at, j.id
  LIMIT 1
  FOR UPDATE OF j SKIP LOCKED
),
taken AS (
  UPDATE workflow_jobs w
  SET status = 'running', runner_id = $1, started_at = COALESCE(w.started_at, $6::timestamptz),
      deadline_at = $6::timestamptz + make_interval(mins => w.timeout_minutes),
      version = w.version + 1, updated_at = $6::timestamptz
  FROM candidate WHERE w.id = candidate.id
  RETURNING w.*
),
-- Starting the run must not wait: a lifecycle transaction holding the run row may be
-- waiting for this very job. If the row is busy, the job's first report starts the run.
run_started AS (
  UPDATE workflow_runs u
  SET status = 'running', started_at = COALESCE(u.started_at, $6::timestamptz),
      version = u.version + 1, updated_at = $6::timestamptz
  WHERE u.id = (SELECT r.id FROM workflow_runs r
                WHERE r.id = (SELECT t.run_id FROM taken t) AND r.status = 'queued'
                FOR UPDATE SKIP LOCKED)
  RETURNING u.*
),
beat AS (
  UPDATE workflow_runners
  SET labels = $2::text[], capacity = $3, host_name = $4, version = $5,
      last_heartbeat_at = $6::timestamptz, updated_at = $6::timestamptz,
      status = CASE WHEN EXISTS (SELECT 1 FROM taken) THEN $8 ELSE $7 END
  WHERE id = $1
)
SELECT
  (SELECT count(*)::int FROM batch) AS batch_size,
  (SELECT created_at::text FROM batch ORDER BY created_at DESC, id DESC LIMIT 1) AS last_at,
  (SELECT id FROM batch ORDER BY created_at DESC, id DESC LIMIT 1) AS last_id,
  (SELECT row_to_json(t) FROM taken t) AS job,
  COALESCE((SELECT row_to_json(u) FROM run_started u),
           (SELECT row_to_json(r) FROM workflow_runs r WHERE r.id = (SELECT t.run_id FROM taken t))) AS run,
  (SELECT json_build_object('id', p.id, 'owner_name', p.owner_name, 'name', p.name, 'owner_org_id', p.owner_org_id)
     FROM workflow_runs r JOIN repos p ON p.id = r.repo_id
     WHERE r.id = (SELECT t.run_id FROM taken t)) AS repo,
  (SELECT json_agg(row_to_json(s) ORDER BY s.step_index) FROM workflow_steps s
     WHERE s.job_id = (SELECT t.id FROM taken t)) AS steps`;

/** Batch sizes: small first, since the oldest waiting job is usually claimable. */
const BATCHES = [16, 128, 512];

/** Where a claim's search through the queue stands: the page and the last job looked at. */
export interface ClaimCursor {
  page: number;
  at: string;
  id: number | string;
}

export const FIRST_PAGE: ClaimCursor = { page: 0, at: '-infinity', id: 0 };

type Json = Record<string, unknown>;
interface TakeRow {
  batch_size: number;
  last_at: string | null;
  last_id: number | string | null;
  job: Json | null;
  run: Json | null;
  repo: {
    id: number | string;
    owner_name: string;
    name: string;
    owner_org_id: number | string | null;
  } | null;
  steps: Json[] | null;
}

/** The runner as `LOCK_RUNNER` reads it, or undefined when there is no such runner. */
export async function lockRunnerForClaim(tx: RawTransaction, runnerId: number) {
  const [[row], [count]] = await Promise.all([
    tx.query<{
      labels: string[];
      capacity: number;
      host_name: string;
      version: string;
      draining_at: unknown;
      revoked_at: unknown;
    }>(LOCK_RUNNER, [runnerId]),
    tx.query<{ running: number }>(COUNT_RUNNING, [runnerId]),
  ]);
  if (!row) return undefined;
  // Only presence matters to the decision; the instant itself is never read.
  const instant = (value: unknown) => (value === null ? null : new Date(0));
  return {
    runner: {
      labels: row.labels,
      capacity: row.capacity,
      hostName: row.host_name,
      version: row.version,
      drainingAt: instant(row.draining_at),
      revokedAt: instant(row.revoked_at),
    },
    running: Number(count?.running ?? 0),
  };
}

const beatParams = (runnerId: number, beat: RunnerHeartbeat) => [
  runnerId,
  beat.labels,
  beat.capacity,
  beat.hostName,
  beat.version,
  beat.lastHeartbeatAt.toISOString(),
];

/** Stores the heartbeat the decision gave, with its status. */
export async function storeHeartbeat(
  tx: RawTransaction,
  runnerId: number,
  beat: RunnerHeartbeat,
): Promise<void> {
  await tx.query(STORE_HEARTBEAT, [...beatParams(runnerId, beat), beat.status], { commit: true });
}

/**
 * Takes the oldest claimable job after `cursor` matching `beat.labels` for the runner,
 * stores the heartbeat (status `beat.status`, or `statusWhenTaken` when a job was taken)
 * and commits. Without a job: the cursor of the next page when this one was full of jobs
 * held back (approval, needs, caps, …), else `undefined` (nothing claimable).
 */
export async function takeOldestClaimable(
  tx: RawTransaction,
  runnerId: number,
  beat: RunnerHeartbeat,
  statusWhenTaken: RunnerHeartbeat['status'],
  cursor: ClaimCursor,
): Promise<ClaimedJob | ClaimCursor | undefined> {
  const size = BATCHES[Math.min(cursor.page, BATCHES.length - 1)]!;
  const params = [...beatParams(runnerId, beat), beat.status, statusWhenTaken, size, cursor.at, cursor.id];
  const [, [row]] = await Promise.all([
    tx.query(CLAIM_LOCK, []),
    tx.query<TakeRow>(TAKE_JOB, params, { commit: true }),
  ]);
  if (row?.job) return toClaimed(row);
  if (!row || row.batch_size < size || row.last_at === null || row.last_id === null) return undefined;
  return { page: cursor.page + 1, at: row.last_at, id: row.last_id };
}

function toClaimed(row: TakeRow): ClaimedJob {
  const repo = row.repo!;
  return {
    kind: 'claimed',
    job: toJob(decodeRow(workflowJobs, row.job!)),
    run: toRun(decodeRow(workflowRuns, row.run!)),
    steps: (row.steps ?? []).map((s) => toStep(decodeRow(workflowSteps, s))),
    repo: {
      id: Number(repo.id),
      ownerName: repo.owner_name,
      name: repo.name,
      ownerOrgId: repo.owner_org_id === null ? null : Number(repo.owner_org_id),
    },
  };
}
