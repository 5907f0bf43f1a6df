import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { type Db, MIGRATIONS_FOLDER, type OpenDatabase } from './database.js';
import * as schema from './schema.js';

export interface PgliteOpenOptions {
  /**
   * A data folder dumped by PGlite's `dumpDataDir` to start from instead of running initdb
   * (seconds) — tests open one migrated snapshot per suite. Only for a new database: an
   * existing `dataDir` refuses it. The migrations still run; on an up-to-date snapshot they
   * find nothing to do.
   */
  snapshot?: Blob;
}

/**
 * Opens PGlite at `dataDir` (or in memory when omitted) and applies the migrations.
 * PGlite is a single session and has no lock of its own: callers must hold the data
 * folder's lock (see `embedded-lock.ts`) before opening a folder.
 */
export async function openPglite(dataDir?: string, options: PgliteOpenOptions = {}): Promise<OpenDatabase> {
  const client = await PGlite.create({ dataDir, loadDataDir: options.snapshot });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    close: () => client.close(),
  };
}
