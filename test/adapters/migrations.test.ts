import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { openPglite } from '../../src/adapters/postgres/pglite.js';
import { describePostgres, openTestPostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';

const EXPECTED_TABLES = [
  'workflow_runners',
  'runner_tokens',
  'workflow_runs',
  'workflow_jobs',
  'workflow_steps',
  'workflow_step_log_chunks',
  'workflow_artifacts',
  'runner_jwt_used',
];

async function tableNames(open: OpenDatabase): Promise<string[]> {
  const rows = await open.db.execute<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { table_name: string }[] }).rows;
  return list.map((r) => r.table_name);
}

function migrationSuite(open: () => Promise<OpenDatabase>) {
  it('creates the tables the runbook names', async () => {
    const db = await open();
    try {
      expect(await tableNames(db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    } finally {
      await db.close();
    }
  });
}

// A new PGlite (initdb, then every migration), not the suites' migrated snapshot.
describe('migrations on PGlite', () => migrationSuite(() => openPglite()));
describePostgres(`migrations on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  migrationSuite(() => openTestPostgres(2)),
);
