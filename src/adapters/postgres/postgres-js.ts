import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type Db, MIGRATIONS_FOLDER, type OpenDatabase } from './database.js';
import * as schema from './schema.js';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  /** Apply pending migrations on open (serve/migrate do; admin commands may not need to). */
  migrate?: boolean;
}

/** Opens a postgres.js pool on `url`, optionally migrating first. */
export async function openPostgres(opts: PostgresOptions): Promise<OpenDatabase> {
  const client = postgres(opts.url, {
    max: opts.poolSize ?? 10,
    onnotice: () => {},
    connection: {
      // Only the hot path's raw statements are prepared (raw-sql.ts; Drizzle's are unnamed).
      // Their plans do not depend on parameter values, but PostgreSQL kept re-planning the
      // claim for each execution once the queue was deep (3 ms of planning per claim at
      // 100,000 queued jobs, measured): plan once per connection instead.
      plan_cache_mode: 'force_generic_plan',
      // Log chunks are stored lz4-compressed where the server has lz4: migration 0008 sets
      // the column's compression, so no probe is needed here.
    },
  });
  const db = drizzle({ client, schema });
  if (opts.migrate !== false) {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}
