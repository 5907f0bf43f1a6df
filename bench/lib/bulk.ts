/**
 * Bulk queueing for the queue-depth bench: the rows `enqueueRun` writes for a one-job,
 * two-step push run (`workflow_runs`, `workflow_jobs`, `workflow_steps`, defaults as the
 * Drizzle insert leaves them), made with set-based multi-row INSERT … SELECT statements
 * so 100,000 jobs take seconds instead of 100,000 transactions.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/adapters/postgres/database.js';
import { sqlArray } from '../../src/adapters/postgres/run-rows.js';

const BATCH = 10_000;

/**
 * Queues `count` one-job runs in `repoId` whose jobs run on `runsOn`, created one
 * microsecond apart from `from` (their queue order). Run indexes continue after the
 * repo's highest.
 */
export async function bulkQueue(
  db: Db,
  opts: { repoId: number; count: number; runsOn: string[]; from: Date },
): Promise<void> {
  for (let done = 0; done < opts.count; done += BATCH) {
    const n = Math.min(BATCH, opts.count - done);
    const base = new Date(opts.from.getTime()).toISOString();
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      // Bulk-load practice: the rows are consistent by construction, and the per-row FK
      // checks would run with a plan cached while the tables were small (a seq scan each).
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`
      WITH g AS (
        SELECT i, ${base}::timestamptz + make_interval(secs => (${done} + i) / 1e6) AS at,
          (SELECT COALESCE(MAX(run_index), 0) FROM workflow_runs WHERE repo_id = ${opts.repoId}) + i AS run_index
        FROM generate_series(1, ${n}) AS i
      ),
      r AS (
        INSERT INTO workflow_runs (repo_id, run_index, workflow_file, workflow_name, head_sha, head_ref, event,
          event_payload, created_at, updated_at)
        SELECT ${opts.repoId}, g.run_index, '.shithub/workflows/ci.yml', 'CI', repeat('a', 40), 'refs/heads/trunk',
          'push', '{"ref":"refs/heads/trunk"}'::jsonb, g.at, g.at
        FROM g
        RETURNING id, created_at
      ),
      j AS (
        INSERT INTO workflow_jobs (run_id, job_index, job_key, job_name, runs_on, timeout_minutes, created_at, updated_at)
        SELECT r.id, 0, 'build', 'build', ${sqlArray(opts.runsOn, 'text')}, 360, r.created_at, r.created_at
        FROM r
        RETURNING id, created_at
      )
      INSERT INTO workflow_steps (job_id, step_index, step_name, run_command, created_at, updated_at)
      SELECT j.id, s.n - 1, 'build-' || s.n, 'echo build-' || s.n, j.created_at, j.created_at
      FROM j CROSS JOIN generate_series(1, 2) AS s(n)`);
    });
    if (process.env.BENCH_DEBUG) console.log(`bulk batch ${n}: ${(performance.now() - t0).toFixed(0)} ms`);
  }
  const t1 = performance.now();
  await db.execute(sql`ANALYZE workflow_runs, workflow_jobs, workflow_steps`);
  if (process.env.BENCH_DEBUG) console.log(`analyze: ${(performance.now() - t1).toFixed(0)} ms`);
}
