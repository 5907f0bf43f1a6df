/**
 * `<data_dir>` holds the embedded database (job logs, token hashes), the root key and the
 * repositories: only the server's user may read it. It is created 0700, an existing one
 * (an operator's or a package's `mkdir`, often 0755) is tightened to 0700 with its `db/`.
 * PGlite unpacks its initial database with explicit modes (0666) and rewrites its relcache
 * files 0644 whatever the umask, so the files under `db/` are tightened again once it has
 * opened (`makeTreePrivate`). The `serve` and `migrate` processes also create every file
 * with umask 0077 (`usePrivateUmask`); the umask is the whole process's, so it is set only
 * in a process that runs no runner: `dev`'s in-process runner creates step files and folders
 * its containers must read.
 * A data dir that cannot be made private (another user's, a read-only mount) refuses the
 * start rather than serve from a folder others can read.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/layered-config.js';

/** Creates or tightens `dataDir` and its `db/` to 0700; ConfigError when it cannot. */
export function makeDataDirPrivate(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ConfigError(`server.data_dir ${dataDir}: cannot create it: ${(err as Error).message}`);
  }
  tighten(dataDir);
  const db = join(dataDir, 'db');
  if (existsSync(db)) tighten(db);
}

function tighten(dir: string): void {
  const before = statSync(dir);
  if (!before.isDirectory()) throw new ConfigError(`server.data_dir ${dir}: not a directory`);
  if ((before.mode & 0o077) === 0) return;
  try {
    chmodSync(dir, before.mode & 0o700);
  } catch {
    // Checked below: the answer is the same whatever stopped the chmod.
  }
  const after = statSync(dir).mode & 0o777;
  if ((after & 0o077) !== 0) {
    throw new ConfigError(
      `server.data_dir ${dir} is readable by other users (mode ${after.toString(8)}) and cannot be made private: chmod 700 it as its owner, or use another folder`,
    );
  }
}

/** Clears the group and other bits of every file and folder under `dir` (PGlite's own modes). */
export function makeTreePrivate(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    const mode = statSync(path).mode;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  }
}

/** Makes this process create files 0600 and folders 0700 (`serve` and `migrate` only). */
export function usePrivateUmask(): void {
  process.umask(0o077);
}
