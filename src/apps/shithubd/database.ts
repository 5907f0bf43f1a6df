/**
 * Opens the configured database: PostgreSQL when `database.url` is set, else PGlite in
 * `<data_dir>/db` guarded by the embedded lock (SPEC §18).
 */
import { join } from 'node:path';
import type { OpenDatabase } from '../../adapters/postgres/database.js';
import { type LockHolder, tryAcquireEmbeddedLock } from '../../adapters/postgres/embedded-lock.js';
import { DomainError } from '../../domain/errors.js';
import type { ServerConfig } from './config.js';
import { makeDataDirPrivate, makeTreePrivate } from './private-data-dir.js';

/** The embedded database is held by a live `serve`: callers go through its admin socket. */
export class EmbeddedDatabaseBusy extends Error {
  constructor(readonly holder: LockHolder) {
    super(`the embedded database is in use by shithubd (pid ${holder.pid})`);
  }
}

export interface OpenOptions {
  /** The admin socket this process will serve, recorded in the lock for other processes. */
  socket?: string | null;
  /** How long to wait for another short-lived admin command to finish (ms). */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openConfiguredDatabase(
  config: ServerConfig,
  opts: OpenOptions = {},
): Promise<OpenDatabase> {
  // Each driver is loaded only when it is used: an admin command on PostgreSQL never loads
  // PGlite's WebAssembly, and one on PGlite never loads postgres.js.
  if (config.database.url) {
    const { openPostgres } = await import('../../adapters/postgres/postgres-js.js');
    return openPostgres({ url: config.database.url, poolSize: config.database.poolSize });
  }
  makeDataDirPrivate(config.dataDir);
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  for (;;) {
    const lock = tryAcquireEmbeddedLock(config.dataDir, opts.socket ?? null);
    if (lock.acquired) {
      try {
        const { openPglite } = await import('../../adapters/postgres/pglite.js');
        const db = await openPglite(join(config.dataDir, 'db'));
        makeTreePrivate(join(config.dataDir, 'db'));
        const close = async () => {
          await db.close();
          lock.release();
        };
        return { ...db, close };
      } catch (err) {
        lock.release();
        throw err;
      }
    }
    if (lock.holder.socket) throw new EmbeddedDatabaseBusy(lock.holder);
    if (Date.now() > deadline) {
      throw new DomainError(
        'unavailable',
        'database.locked',
        `the embedded database in ${config.dataDir} is held by process ${lock.holder.pid}; try again when it exits`,
      );
    }
    await sleep(100);
  }
}
