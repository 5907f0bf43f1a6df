/**
 * A fingerprint of every table: row count and a SHA-256 of its rows (each row as JSON with
 * sorted keys, rows sorted), so two fingerprints are equal exactly when no row was added,
 * removed or changed — apart from the columns listed in `TOUCHED_BY_AUTHENTICATION`.
 */
import { createHash } from 'node:crypto';
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/adapters/postgres/database.js';
import * as schema from '../../src/adapters/postgres/schema.js';

/**
 * Columns a request may change even when it is rejected, because authenticating it is a
 * legitimate read with a bookkeeping write: a PAT that passes authentication stamps its
 * `last_used_at` (at most once a minute) before the route refuses the request. Nothing
 * else may change: a rejected heartbeat stores no heartbeat fields (the body is checked
 * before the runner row is written), and a rejected job call spends no token. `'*'` leaves
 * a whole table out: an authenticated heartbeat takes from its runner's rate bucket before
 * its body is read (the rate limit counts refused heartbeats too).
 */
export const TOUCHED_BY_AUTHENTICATION: Readonly<Record<string, readonly string[]>> = {
  personal_access_tokens: ['last_used_at'],
  runner_heartbeat_buckets: ['*'],
};

export interface TableFingerprint {
  rows: number;
  sha256: string;
}

export type DatabaseFingerprint = Record<string, TableFingerprint>;

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

/**
 * Fingerprints every table of the schema, leaving out the `exclude` columns; throws when
 * the database has a table the schema lacks.
 */
export async function fingerprintDatabase(
  db: Db,
  exclude: Readonly<Record<string, readonly string[]>> = TOUCHED_BY_AUTHENTICATION,
): Promise<DatabaseFingerprint> {
  const known = new Set<string>(tables.map((t) => getTableName(t)));
  // PGlite answers `{ rows }`, postgres.js an array of rows.
  const present: unknown = await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public'`,
  );
  const names = (Array.isArray(present) ? present : (present as { rows: unknown[] }).rows) as {
    table_name: string;
  }[];
  const unknown = names.map((r) => r.table_name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`tables outside the schema: ${unknown.join(', ')}`);

  const out: DatabaseFingerprint = {};
  for (const table of tables) {
    const name = getTableName(table);
    const skip = new Set(exclude[name] ?? []);
    if (skip.has('*')) continue;
    const rows = (await db.select().from(table)) as Record<string, unknown>[];
    const lines = rows.map((row) => stableJson(row, skip, table)).sort();
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}

/** The tables whose fingerprints differ, with both sides. */
export function diffFingerprints(before: DatabaseFingerprint, after: DatabaseFingerprint) {
  return Object.keys({ ...before, ...after })
    .filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
    .map((name) => ({ table: name, before: before[name], after: after[name] }));
}

function stableJson(row: Record<string, unknown>, skipColumns: Set<string>, table: PgTable): string {
  const columns = getTableColumns(table);
  const entries = Object.keys(row)
    .filter((key) => !skipColumns.has(columns[key]?.name ?? key))
    .sort()
    .map((key) => [key, normalise(row[key])]);
  return JSON.stringify(entries);
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return `date:${value.toISOString()}`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
