import type { RateBucket, RateBuckets } from '../../ports/rate-buckets.js';
import type { Db } from './database.js';
import { type RawSql, rawSqlOf } from './raw-sql.js';

/** `$1` runner. Locks the runner's bucket row for the rest of the transaction. */
const LOCK_BUCKET = `
SELECT tokens, (extract(epoch FROM refilled_at) * 1000)::float8 AS at_ms
FROM runner_heartbeat_buckets WHERE runner_id = $1 FOR UPDATE`;

/** `$1` runner, `$2` tokens, `$3` instant: the first bucket of a runner; nothing if one appeared. */
const INSERT_BUCKET = `
INSERT INTO runner_heartbeat_buckets (runner_id, tokens, refilled_at)
VALUES ($1, $2, $3::timestamptz) ON CONFLICT (runner_id) DO NOTHING RETURNING runner_id`;

/** `$1` runner, `$2` tokens, `$3` instant. */
const STORE_BUCKET = `
UPDATE runner_heartbeat_buckets SET tokens = $2, refilled_at = $3::timestamptz WHERE runner_id = $1`;

/**
 * `RateBuckets` in `runner_heartbeat_buckets`, shared by every replica: one transaction of
 * two round trips (lock and read, then write and commit). A runner's first bucket is
 * inserted without a row to lock; if another replica inserted it meanwhile, the update runs
 * again on that row, so neither lease is lost.
 */
export class PgRateBuckets implements RateBuckets {
  private readonly raw: RawSql;

  constructor(db: Db) {
    this.raw = rawSqlOf(db);
  }

  async update<T>(
    runnerId: number,
    decide: (bucket: RateBucket | undefined) => { bucket: RateBucket; result: T },
  ): Promise<T> {
    for (;;) {
      const outcome = await this.raw.transaction(async (tx) => {
        const [row] = await tx.query<{ tokens: number; at_ms: number }>(LOCK_BUCKET, [runnerId]);
        const current = row ? { tokens: Number(row.tokens), atMs: Number(row.at_ms) } : undefined;
        const { bucket, result } = decide(current);
        const params = [runnerId, bucket.tokens, new Date(bucket.atMs).toISOString()];
        if (current) {
          await tx.query(STORE_BUCKET, params, { commit: true });
          return { stored: true, result };
        }
        const inserted = await tx.query(INSERT_BUCKET, params, { commit: true });
        return { stored: inserted.length > 0, result };
      });
      if (outcome.stored) return outcome.result;
    }
  }
}
