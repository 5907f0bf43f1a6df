/**
 * Bulk log seeding for the storage benches: `steps` ended one-step runs (completed/success,
 * each run and step ended at `at`), each step holding `chunksPerStep` log chunks of
 * `chunkBytes` bytes of log lines, created from `at` one millisecond apart — the rows the
 * runner API and a runner report would have written, made with set-based INSERT … SELECT.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/adapters/postgres/database.js';

const RUNS_PER_BATCH = 200;

export interface BulkLogs {
  repoId: number;
  steps: number;
  chunksPerStep: number;
  chunkBytes: number;
  at: Date;
  /** Also put every step in the log finalisation outbox (as ending it would). */
  queue: boolean;
}

/** Seeds the runs, steps and chunks; answers the total chunk bytes. */
export async function bulkEndedStepLogs(db: Db, opts: BulkLogs): Promise<number> {
  const at = opts.at.toISOString();
  for (let done = 0; done < opts.steps; done += RUNS_PER_BATCH) {
    const n = Math.min(RUNS_PER_BATCH, opts.steps - done);
    await db.transaction(async (tx) => {
      // Consistent by construction; per-row FK checks would dominate the load.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`
      WITH r AS (
        INSERT INTO workflow_runs (repo_id, run_index, workflow_file, workflow_name, head_sha, head_ref, event,
          status, conclusion, started_at, completed_at, created_at, updated_at)
        SELECT ${opts.repoId}::bigint, (SELECT COALESCE(MAX(run_index), 0) FROM workflow_runs WHERE repo_id = ${opts.repoId}::bigint) + i,
          '.shithub/workflows/ci.yml', 'CI', repeat('a', 40), 'refs/heads/trunk', 'push',
          'completed', 'success', ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        FROM generate_series(1, ${n}::int) AS i
        RETURNING id
      ),
      j AS (
        INSERT INTO workflow_jobs (run_id, job_index, job_key, job_name, status, conclusion, started_at,
          completed_at, created_at, updated_at)
        SELECT r.id, 0, 'build', 'build', 'completed', 'success', ${at}::timestamptz, ${at}::timestamptz,
          ${at}::timestamptz, ${at}::timestamptz
        FROM r
        RETURNING id
      ),
      s AS (
        INSERT INTO workflow_steps (job_id, step_index, step_name, run_command, status, conclusion, started_at,
          completed_at, created_at, updated_at)
        SELECT j.id, 0, 'build', 'make', 'completed', 'success', ${at}::timestamptz, ${at}::timestamptz,
          ${at}::timestamptz, ${at}::timestamptz
        FROM j
        RETURNING id
      ),
      o AS (
        INSERT INTO workflow_step_log_outbox (step_id, queued_at, next_attempt_at)
        SELECT s.id, ${at}::timestamptz, ${at}::timestamptz FROM s WHERE ${opts.queue}::boolean
      )
      INSERT INTO workflow_step_log_chunks (step_id, seq, chunk, created_at)
      SELECT s.id, g.seq,
        convert_to(rpad('', ${opts.chunkBytes}::int, format('%s step %s chunk %s: compiling module ok' || chr(10), ${at}::text, s.id, g.seq)), 'UTF8'),
        ${at}::timestamptz + make_interval(secs => g.seq / 1000.0)
      FROM s CROSS JOIN generate_series(0, ${opts.chunksPerStep - 1}::int) AS g(seq)`);
    });
  }
  await db.execute(sql`ANALYZE workflow_runs, workflow_jobs, workflow_steps, workflow_step_log_chunks`);
  return opts.steps * opts.chunksPerStep * opts.chunkBytes;
}
