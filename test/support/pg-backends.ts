/**
 * Waiting on a PostgreSQL backend's state by asking the server (pg_stat_activity), never by
 * a fixed sleep: each check is one round trip on another connection, bounded in count.
 */
import type postgres from 'postgres';

const MAX_CHECKS = 500;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < MAX_CHECKS; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Until backend `pid` has exited. */
export function untilGone(sql: postgres.Sql, pid: number): Promise<void> {
  return until(async () => {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from pg_stat_activity where pid = ${pid}`;
    return row!.n === 0;
  }, `backend ${pid} to exit`);
}

/** Until backend `pid` is running a statement containing `text`. */
export function untilActive(sql: postgres.Sql, pid: number, text: string): Promise<void> {
  return until(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where pid = ${pid} and state = 'active' and position(${text} in query) > 0`;
    return row!.n > 0;
  }, `backend ${pid} to run ${text}`);
}
