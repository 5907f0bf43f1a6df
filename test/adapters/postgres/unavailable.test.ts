/**
 * Which errors mean the database is away: postgres.js's connection errors, socket errors of
 * connecting, and SQLSTATEs of a server shutting down or full, also wrapped by Drizzle;
 * real ones from a terminated backend and a closed port on PostgreSQL when there is one.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/adapters/postgres/unavailable.js';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../../support/databases.js';
import { untilActive } from '../../support/pg-backends.js';

const coded = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe('isDatabaseUnavailable', () => {
  it('knows connection errors and shutdown SQLSTATEs, directly or as a cause', () => {
    for (const code of [
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECT_TIMEOUT',
      'ECONNREFUSED',
      '57P01',
      '57P03',
      '08006',
      '53300',
    ]) {
      expect([code, isDatabaseUnavailable(coded(code))]).toEqual([code, true]);
    }
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: coded('57P01') }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    for (const code of ['23505', '22P02', '40001', '42P01', 'ERR_INVALID_ARG_TYPE']) {
      expect([code, isDatabaseUnavailable(coded(code))]).toEqual([code, false]);
    }
    expect(isDatabaseUnavailable(new TypeError('x'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('CONNECTION_CLOSED')).toBe(false);
  });
});

describePostgres(`isDatabaseUnavailable on real driver errors${POSTGRES_SKIP_NOTE}`, () => {
  it('recognises a terminated backend under Drizzle and a refused connection', async () => {
    const client = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    const killer = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const db = drizzle(client);
      const pid = (await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`))[0]!.pid;
      const killed = db.execute(sql`select pg_sleep(5)`).then(
        () => undefined,
        (e: unknown) => e,
      );
      await untilActive(killer, pid, 'pg_sleep');
      await killer`select pg_terminate_backend(${pid})`;
      const err = await killed;
      expect(err).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(err)).toBe(true);
      // And a real query error is not an outage.
      const syntax = await drizzle(killer)
        .execute(sql`select * from no_such_table`)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isDatabaseUnavailable(syntax)).toBe(false);
    } finally {
      await client.end({ timeout: 1 });
      await killer.end({ timeout: 1 });
    }
    const url = new URL(TEST_DATABASE_URL);
    url.port = '1';
    const refused = postgres(url.toString(), { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      const err = await refused`select 1`.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await refused.end({ timeout: 1 });
    }
  });
});
