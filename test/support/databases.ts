/**
 * Opens fresh, migrated databases for contract suites: PGlite in memory always (loaded from
 * the migrated snapshot, see `pglite-snapshot.ts`), and real PostgreSQL when
 * SHITHUB_TEST_DATABASE_URL is set (one new database per call, dropped on close). Suites
 * call `describePostgres` so a missing server skips visibly.
 */
import postgres from 'postgres';
import { describe } from 'vitest';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { openPglite } from '../../src/adapters/postgres/pglite.js';
import { openPostgres } from '../../src/adapters/postgres/postgres-js.js';
import { pgliteSnapshot } from './pglite-snapshot.js';

export const TEST_DATABASE_URL = process.env.SHITHUB_TEST_DATABASE_URL ?? '';

export async function openTestPglite(): Promise<OpenDatabase> {
  return openPglite(undefined, { snapshot: await pgliteSnapshot() });
}

let counter = 0;

/** Creates a uniquely named database on the test server, migrates it, drops it on close. */
export async function openTestPostgres(poolSize = 10): Promise<OpenDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('SHITHUB_TEST_DATABASE_URL is not set');
  const name = `shithub_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const opened = await openPostgres({ url: url.toString(), poolSize });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** `describe` for suites that need real PostgreSQL; skips with the reason in its title. */
export const describePostgres: typeof describe.skip = TEST_DATABASE_URL
  ? describe
  : (describe.skip as typeof describe.skip);

export const POSTGRES_SKIP_NOTE = TEST_DATABASE_URL
  ? ''
  : ' [skipped: set SHITHUB_TEST_DATABASE_URL to run against real PostgreSQL]';

/**
 * Empties every table and restarts the identities, so one migrated database can serve a
 * whole suite (opening a database takes hundreds of ms; emptying it takes a few). A
 * superuser (PGlite always, usually the test server) deletes the rows with the foreign-key
 * triggers off (`session_replication_role = replica`, for this transaction only) and sets
 * the sequences back with `setval`: on PGlite some 40 ms cheaper per test than TRUNCATE and
 * `RESTART`, which make new files for every table and sequence. Others TRUNCATE.
 */
export async function resetDatabase(open: OpenDatabase): Promise<void> {
  const { sql } = await import('drizzle-orm');
  await open.db.execute(
    sql.raw(`DO $$ DECLARE t text; BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      SET LOCAL session_replication_role = replica;
      FOR t IN SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE 'DELETE FROM ' || t;
      END LOOP;
      PERFORM setval(format('%I.%I', schemaname, sequencename), start_value, false)
        FROM pg_sequences WHERE schemaname = 'public';
    ELSE
      SELECT string_agg(format('%I', tablename), ', ') INTO t FROM pg_tables WHERE schemaname = 'public';
      IF t IS NOT NULL THEN EXECUTE 'TRUNCATE ' || t || ' RESTART IDENTITY CASCADE'; END IF;
    END IF;
  END $$`),
  );
}
