/**
 * Raw statements for the hot paths (the claim), on either driver: SQL text with `$n`
 * parameters, prepared once per connection (postgres.js `prepare: true`; PGlite is one
 * in-process session). Drizzle's query building was most of a claim's Node CPU (SPEC §20,
 * bench/README.md); this bypasses it and nothing else.
 *
 * Parameters: timestamps as ISO text with an explicit `::timestamptz` cast (Drizzle's
 * postgres.js driver replaces the Date serialiser), JSON as text, arrays as JS arrays.
 * Rows come back as the driver types them; `decodeRow` maps them like Drizzle would.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { getTableColumns, type Table } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from './database.js';
import { reserveSession } from './reserved-session.js';

/** A session that runs raw statements. */
export interface RawSql {
  /** A `Uint8Array` parameter goes in binary format (PGlite); postgres.js sends it as hex text. */
  readonly bindsBinary: boolean;
  query<T extends object>(text: string, params: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back when it throws.
   * Its last statement may pass `{ commit: true }`; on postgres.js the COMMIT then goes out
   * in the same write (and BEGIN in the first statement's), so a two-statement transaction
   * costs two round trips, not four. A statement that fails turns that COMMIT into a
   * rollback, as PostgreSQL does for any COMMIT of a failed transaction.
   */
  transaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
}

export interface RawTransaction {
  query<T extends object>(
    text: string,
    params: readonly unknown[],
    opts?: { commit?: boolean },
  ): Promise<T[]>;
}

type PgLike = PGlite | Transaction;
type Params = postgres.ParameterOrJSON<never>[];

/** The raw session under a Drizzle database opened by `openPglite` or `openPostgres`. */
export function rawSqlOf(db: Db): RawSql {
  const client = (db as unknown as { $client: unknown }).$client;
  if (typeof client === 'function') return postgresJsSession(client as postgres.Sql);
  return pgliteSession(client as PGlite);
}

function postgresJsSession(sql: postgres.Sql): RawSql {
  return {
    bindsBinary: false,
    query: async <T extends object>(text: string, params: readonly unknown[]) =>
      (await sql.unsafe(text, params as Params, { prepare: true })) as unknown as T[],
    transaction: async <T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T> => {
      // A reserved connection, so BEGIN and COMMIT can be pipelined with statements; a
      // session that stops sending once its backend is gone (reserved-session.ts).
      const conn = await reserveSession(sql);
      let ended = false;
      const begin = conn.send('BEGIN');
      begin.catch(() => {}); // its failure surfaces as the first statement's
      const tx: RawTransaction = {
        query: async <R extends object>(
          text: string,
          params: readonly unknown[],
          opts: { commit?: boolean } = {},
        ) => {
          // Sent now, so the COMMIT sent after it really goes after it.
          const rows = conn.send<R>(text, params, { prepare: true });
          if (!opts.commit) return await rows;
          const commit = conn.send('COMMIT');
          commit.catch(() => {});
          ended = true;
          const result = await rows;
          await commit;
          return result;
        },
      };
      try {
        const result = await fn(tx);
        await begin;
        if (!ended) await conn.send('COMMIT');
        return result;
      } catch (err) {
        // A backend that went away took its transaction with it: nothing to roll back.
        if (!ended && conn.alive()) await conn.send('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
  };
}

/**
 * PGlite's own bytea serializer spells a `Uint8Array` in hex one byte at a time; returned
 * as it is, the array is bound in binary format instead (PGlite binds any byte view so).
 */
const BINARY_BYTEA = { serializers: { [17]: (value: unknown) => value as string } };

function pgliteSession(client: PGlite): RawSql {
  const query =
    (target: PgLike) =>
    async <T extends object>(text: string, params: readonly unknown[]) =>
      (await target.query<T>(text, [...params], BINARY_BYTEA)).rows;
  return {
    bindsBinary: true,
    query: query(client),
    transaction: <T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T> =>
      client.transaction((tx) => fn({ query: query(tx) })),
  };
}

/** Column decoders by table: the database column name, the property, Drizzle's mapper. */
const decoders = new WeakMap<Table, [string, string, (value: unknown) => unknown][]>();

/**
 * Maps a row keyed by database column names (a raw result or a `row_to_json` object) to
 * the table's Drizzle row type, through each column's own `mapFromDriverValue`, so it
 * equals what a Drizzle select of the same row returns.
 */
export function decodeRow<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  let columns = decoders.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).map(([property, column]) => [
      column.name,
      property,
      (value: unknown) => column.mapFromDriverValue(value),
    ]);
    decoders.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const [name, property, decode] of columns) {
    const value = raw[name];
    row[property] = value === null || value === undefined ? null : decode(value);
  }
  return row as T['$inferSelect'];
}
