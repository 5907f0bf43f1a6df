/**
 * The claim predicate of SPEC §9.1 (facts §3.2) and the assignment, on PostgreSQL.
 *
 * Why two statements: a single `ORDER BY created_at, id LIMIT 1` over the join leaves the
 * plan to row estimates, and with a badly estimated `runs_on <@ labels` the planner sorts
 * every queued job after evaluating every predicate for each (seen: ~250 ms at 2,000
 * queued jobs). Here the queue index alone pages through waiting jobs that fit the
 * runner's labels, oldest first, a batch at a time; the full predicate then runs on one
 * batch only, so a claim costs the same at 100 or 100,000 queued jobs unless whole
 * batches at the head of the queue are held back by approval, needs, caps or policy.
 */
import { sql } from 'drizzle-orm';
import { ALWAYS_OR_FAILURE_PATTERN } from '../../domain/jobs/needs.js';
import { DEFAULT_CONCURRENCY_CAPS } from '../../ports/model/forge.js';
import type { Db } from './database.js';
import { rowsOf, sqlArray, sqlTime } from './run-rows.js';

/** Batch sizes: small first, since the oldest waiting job is usually claimable. */
const BATCHES = [20, 100, 500];

type Id = number | string;

/** Assigns the oldest claimable job to the runner; returns its id and run id, or undefined. */
export async function takeOldestClaimable(tx: Db, runnerId: number, labels: string[], now: Date) {
  let after: { createdAt: string; id: Id } | undefined;
  for (let page = 0; ; page++) {
    const size = BATCHES[Math.min(page, BATCHES.length - 1)]!;
    const batch = rowsOf<{ id: Id; cursor_at: string }>(
      await tx.execute(sql`
        SELECT id, created_at::text AS cursor_at FROM workflow_jobs
        WHERE status = 'queued' AND runner_id IS NULL AND NOT cancel_requested
          AND runs_on <@ ${sqlArray(labels, 'text')}
          ${after ? sql`AND (created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::bigint)` : sql``}
        ORDER BY created_at, id
        LIMIT ${size}`),
    );
    if (batch.length === 0) return undefined;
    const claimed = await claimFromBatch(
      tx,
      runnerId,
      batch.map((row) => Number(row.id)),
      now,
    );
    if (claimed) return claimed;
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.cursor_at, id: last.id };
  }
}

async function claimFromBatch(tx: Db, runnerId: number, jobIds: number[], now: Date) {
  // `b`: the batch's jobs that pass every check but the caps, with their caps resolved.
  // `running`: running jobs per repo of the batch's owners, counted once per statement
  // rather than once per candidate row. `candidate` then locks the oldest under both caps;
  // `status`, `runner_id` and `cancel_requested` are re-checked on the locked row, so a
  // job another claimer took meanwhile drops out.
  const result = await tx.execute(sql`
    WITH b AS MATERIALIZED (
      SELECT j.id, r.repo_id, p.owner_user_id, p.owner_org_id,
        COALESCE(rp.max_repo_concurrent_jobs, op.max_repo_concurrent_jobs, sp.max_repo_concurrent_jobs,
          ${DEFAULT_CONCURRENCY_CAPS.maxRepoConcurrentJobs}::int) AS repo_cap,
        COALESCE(rp.max_owner_concurrent_jobs, op.max_owner_concurrent_jobs, sp.max_owner_concurrent_jobs,
          ${DEFAULT_CONCURRENCY_CAPS.maxOwnerConcurrentJobs}::int) AS owner_cap
      FROM workflow_jobs j
      JOIN workflow_runs r ON r.id = j.run_id
      JOIN repos p ON p.id = r.repo_id
      LEFT JOIN actions_site_policy sp ON sp.id = true
      LEFT JOIN actions_org_policies op ON op.org_id = p.owner_org_id
      LEFT JOIN actions_repo_policies rp ON rp.repo_id = p.id
      WHERE j.id = ANY(${sqlArray(jobIds, 'bigint')})
        AND r.status IN ('queued', 'running')
        AND (NOT r.need_approval OR r.approved_by_user_id IS NOT NULL)
        AND COALESCE(sp.actions_enabled, true)
        AND COALESCE(NULLIF(rp.actions_enabled, 'inherit'), NULLIF(op.actions_enabled, 'inherit'), 'enabled') <> 'disabled'
        AND (cardinality(j.needs_jobs) = 0 OR NOT EXISTS (
          SELECT 1 FROM workflow_jobs d
          WHERE d.run_id = j.run_id AND d.job_key = ANY(j.needs_jobs)
            AND NOT (d.status = 'completed' AND d.conclusion = 'success')
            AND NOT (j.if_expr ~ ${ALWAYS_OR_FAILURE_PATTERN} AND d.status IN ('completed', 'cancelled', 'skipped'))))
        AND (r.concurrency_group = '' OR NOT EXISTS (
          SELECT 1 FROM workflow_runs o
          WHERE o.repo_id = r.repo_id AND o.concurrency_group = r.concurrency_group
            AND (o.created_at, o.id) < (r.created_at, r.id) AND o.status IN ('queued', 'running')
            AND EXISTS (SELECT 1 FROM workflow_jobs oj WHERE oj.run_id = o.id
                          AND oj.status IN ('queued', 'running') AND NOT oj.cancel_requested)))
    ),
    running AS MATERIALIZED (
      SELECT rr.repo_id, rp2.owner_user_id, rp2.owner_org_id, count(*) AS n
      FROM workflow_jobs rj
      JOIN workflow_runs rr ON rr.id = rj.run_id
      JOIN repos rp2 ON rp2.id = rr.repo_id
      WHERE rj.status = 'running'
        AND (rp2.owner_user_id IN (SELECT owner_user_id FROM b) OR rp2.owner_org_id IN (SELECT owner_org_id FROM b))
      GROUP BY rr.repo_id, rp2.owner_user_id, rp2.owner_org_id
    ),
    candidate AS (
      SELECT j.id
      FROM workflow_jobs j JOIN b ON b.id = j.id
      -- The batch ids again (redundant with the join): without them the planner may walk
      -- the queue index from its head, past every job ahead of the batch (2–4 s per claim
      -- behind 100,000 jobs for other labels); with them it is a primary-key lookup.
      WHERE j.id = ANY(${sqlArray(jobIds, 'bigint')})
        AND j.status = 'queued' AND j.runner_id IS NULL AND NOT j.cancel_requested
        AND COALESCE((SELECT sum(n) FROM running WHERE running.repo_id = b.repo_id), 0) < b.repo_cap
        AND COALESCE((SELECT sum(n) FROM running
                      WHERE running.owner_user_id = b.owner_user_id OR running.owner_org_id = b.owner_org_id), 0)
          < b.owner_cap
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
  const [row] = rowsOf<{ id: Id; run_id: Id }>(result);
  return row ? { id: Number(row.id), runId: Number(row.run_id) } : undefined;
}
