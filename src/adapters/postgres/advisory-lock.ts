import postgres from 'postgres';
import type { ClusterLock, LockOutcome } from '../../ports/cluster-lock.js';
import { reserveSession } from './reserved-session.js';

/**
 * `ClusterLock` on PostgreSQL session advisory locks. Each holder reserves a connection of
 * this adapter's own small pool for as long as it holds the lock (a session lock belongs to
 * its connection), so the application's pool is never pinned and no transaction stays open
 * while `fn` runs. A process that dies drops its connection, and PostgreSQL the lock.
 */
export class PgAdvisoryLock implements ClusterLock {
  private constructor(private readonly sql: postgres.Sql) {}

  /**
   * Connects lazily to `url`; at most `connections` locks are held (or waited for) at once.
   * A holder that takes a second lock inside the first (the sweep takes the finalisation lock
   * per step) needs a second connection meanwhile: in `serve` that is the sweep (2) plus the
   * finalisation loop's try (1), hence 3.
   */
  static open(url: string, connections = 3): PgAdvisoryLock {
    return new PgAdvisoryLock(postgres(url, { max: connections, onnotice: () => {} }));
  }

  async run<T>(id: number, fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<LockOutcome<T>> {
    // A session that stops sending once its backend is gone (reserved-session.ts); the id
    // is written into the statement because the session's first one takes no parameters.
    if (!Number.isSafeInteger(id)) throw new Error(`advisory lock id must be an integer, got ${id}`);
    const session = await reserveSession(this.sql);
    try {
      if (opts.wait) {
        await session.send(`select pg_advisory_lock(${id}::bigint)`);
      } else {
        const [row] = await session.send<{ locked: boolean }>(
          `select pg_try_advisory_lock(${id}::bigint) as locked`,
        );
        if (!row?.locked) return { acquired: false };
      }
      try {
        return { acquired: true, value: await fn() };
      } finally {
        // A session that died released its locks with it.
        if (session.alive()) await session.send(`select pg_advisory_unlock(${id}::bigint)`);
      }
    } finally {
      session.release();
    }
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}
