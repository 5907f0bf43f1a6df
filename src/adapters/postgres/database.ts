import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

/** A Drizzle database on either driver (PGlite or postgres.js), typed by our schema. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database and how to close it. */
export interface OpenDatabase {
  db: Db;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Absolute path of the committed migrations folder. */
export const MIGRATIONS_FOLDER = new URL('../../../drizzle', import.meta.url).pathname;
