/**
 * A PostgreSQL backend that goes away under a reserved connection (a restart, a cut link:
 * found by bench/faults/pg-restart.ts) must fail the work on it, not the process:
 * postgres.js 3.4.9 throws an uncaught TypeError when a query is written to a dead
 * reserved connection or when one is released back into the pool (porsager/postgres#1208),
 * which `scripts/patch-postgres.mjs` repairs at install time (the first case fails without
 * it: vitest reports the uncaught error).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgAdvisoryLock } from '../../src/adapters/postgres/advisory-lock.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { rawSqlOf } from '../../src/adapters/postgres/raw-sql.js';
import {
  describePostgres,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  TEST_DATABASE_URL,
} from '../support/databases.js';
import { untilGone } from '../support/pg-backends.js';

describePostgres(`a reserved connection whose backend died${POSTGRES_SKIP_NOTE}`, () => {
  let open: OpenDatabase;
  let killer: postgres.Sql;
  const terminate = async (pid: number) => {
    await killer`select pg_terminate_backend(${pid})`;
    await untilGone(killer, pid);
    // The FATAL message and the close must also reach this process before the next
    // statement goes out; the connections of these adapters have no hook that says so.
    await new Promise((r) => setTimeout(r, 200));
  };

  beforeAll(async () => {
    open = await openTestPostgres(2);
    killer = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await killer?.end({ timeout: 5 });
    await open?.close();
  });

  it('fails statements on the driver’s own dead reserved connection without killing the process', async () => {
    let closed: () => void = () => {};
    const sawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    // The driver's own hook says when the close reached this process: no sleep needed.
    const sql = postgres(TEST_DATABASE_URL, { max: 2, onnotice: () => {}, onclose: () => closed() });
    const settle = (q: Promise<unknown>) =>
      q.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    try {
      const reserved = await sql.reserve();
      const [row] = await reserved<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await killer`select pg_terminate_backend(${row!.pid})`;
      await sawClose;
      for (let i = 0; i < 3; i++) expect(await settle(reserved`SELECT 1 AS one`)).toBe('CONNECTION_CLOSED');
      // Released, the dead connection fails at most the pool's next statement, then reconnects.
      reserved.release();
      const after = [];
      for (let i = 0; i < 4; i++) after.push(await settle(sql`SELECT 2::int AS n`));
      expect(after.slice(1)).toEqual(['ok', 'ok', 'ok']);
      expect(['ok', 'CONNECTION_CLOSED']).toContain(after[0]);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  it('fails the raw transaction with a connection error and leaves the pool serving', async () => {
    const raw = rawSqlOf(open.db);
    const outcome = raw.transaction(async (tx) => {
      const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', []);
      await terminate(row!.pid);
      return tx.query('SELECT 1 AS one', [], { commit: true });
    });
    await expect(outcome).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    for (let i = 0; i < 3; i++) {
      expect(await raw.query<{ n: number }>('SELECT $1::int AS n', [i])).toEqual([{ n: i }]);
    }
  });

  it('ends a lock whose session died while held with the holder’s result, and locks again', async () => {
    const url = new URL(TEST_DATABASE_URL);
    const lock = PgAdvisoryLock.open(url.toString(), 1);
    try {
      const outcome = await lock.run(0x5348_ffff, async () => {
        const [row] = await killer<{ pid: number }[]>`
          SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${0x5348_ffff}`;
        await terminate(row!.pid);
        return 'done';
      });
      expect(outcome).toEqual({ acquired: true, value: 'done' });
      expect(await lock.run(0x5348_ffff, async () => 'again')).toEqual({ acquired: true, value: 'again' });
    } finally {
      await lock.close();
    }
  });
});
