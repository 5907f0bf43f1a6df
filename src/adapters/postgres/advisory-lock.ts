import postgres from 'postgres';
import type { ClusterLock, LockOutcome } from '../../ports/cluster-lock.js';

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
    const session = await this.sql.reserve();
    try {
      if (opts.wait) {
        await session`select pg_advisory_lock(${id}::bigint)`;
      } else {
        const [row] = await session<
          { locked: boolean }[]
        >`select pg_try_advisory_lock(${id}::bigint) as locked`;
        if (!row?.locked) return { acquired: false };
      }
      try {
        return { acquired: true, value: await fn() };
      } finally {
        await session`select pg_advisory_unlock(${id}::bigint)`;
      }
    } finally {
      session.release();
    }
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}
