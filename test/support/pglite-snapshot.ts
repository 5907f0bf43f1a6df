/**
 * One migrated PGlite database, made once and reused by every suite. Creating PGlite runs
 * initdb (about 5 s of CPU); loading a dumped data folder takes a few hundred ms. The dump
 * is cached in the temp folder under a key of the migrations, the PGlite version and the
 * settings below, so a changed migration makes a new one; `test/support/global-setup.ts`
 * makes it before the workers start, and a worker that finds none makes it itself.
 *
 * Test-only tuning, none of which changes what a query does: 1 MB WAL segments (a smaller
 * dump to load) and `shared_buffers = 16MB` (PostgreSQL zeroes its shared buffers at every
 * start; the default 128 MB costs about 0.5 s per open).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from '../../src/adapters/postgres/database.js';

const INITDB_PARAMS = ['--wal-segsize=1'];
const SETTINGS = [`ALTER SYSTEM SET shared_buffers = '16MB'`];
/** Bump when the way the snapshot is made changes. */
const FORMAT = 1;
const PREFIX = 'shithub-test-pglite-';
const STALE_AFTER_MS = 24 * 3600_000;

export interface PgliteSnapshotFiles {
  /** The dumped data folder (`dumpDataDir('none')`), for in-memory databases. */
  tarball: string;
  /** The same database as a data folder on disk, to copy into a `shithubd` data folder. */
  dataDir: string;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(folder, name)).isFile())
    .sort();
}

function snapshotKey(): string {
  const hash = createHash('sha256');
  // The package does not export its package.json; its entry point sits in dist/.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pglite = JSON.parse(readFileSync(join(dirname(entry), '../package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(JSON.stringify({ FORMAT, INITDB_PARAMS, SETTINGS, pglite: pglite.version }));
  for (const name of filesUnder(MIGRATIONS_FOLDER)) {
    hash.update(name);
    hash.update(readFileSync(join(MIGRATIONS_FOLDER, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildSnapshot(folder: string): Promise<void> {
  const client = await PGlite.create({ initDbStartParams: INITDB_PARAMS });
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  for (const statement of SETTINGS) await client.exec(statement);
  await client.exec('CHECKPOINT');
  const tarball = await client.dumpDataDir('none');
  await client.close();
  writeFileSync(join(folder, 'snapshot.tar'), Buffer.from(await tarball.arrayBuffer()));
  const onDisk = await PGlite.create({ dataDir: join(folder, 'data'), loadDataDir: tarball });
  await onDisk.close();
}

/** Cached snapshots of other keys, left by earlier migrations, go after a day. */
function removeStaleSnapshots(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX) || name === keep) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** Makes the snapshot unless it is cached; safe to call from several processes at once. */
export async function preparePgliteSnapshot(): Promise<PgliteSnapshotFiles> {
  const name = `${PREFIX}${snapshotKey()}`;
  const folder = join(tmpdir(), name);
  const files = { tarball: join(folder, 'snapshot.tar'), dataDir: join(folder, 'data') };
  if (existsSync(folder)) return files;
  const building = `${folder}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  await buildSnapshot(building);
  try {
    renameSync(building, folder);
  } catch (err) {
    // Another process finished the same snapshot first: use theirs.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(folder)) throw err;
  }
  removeStaleSnapshots(name);
  return files;
}

let loaded: Promise<{ files: PgliteSnapshotFiles; tarball: Blob }> | undefined;

function loadOnce() {
  loaded ??= preparePgliteSnapshot().then(async (files) => ({
    files,
    tarball: new Blob([await readFile(files.tarball)]),
  }));
  return loaded;
}

/** The migrated snapshot, read once per process, for `openPglite(undefined, { snapshot })`. */
export async function pgliteSnapshot(): Promise<Blob> {
  return (await loadOnce()).tarball;
}

/**
 * Puts the migrated database into `<dataDir>/db`, where `shithubd` keeps its embedded one,
 * so a suite's first command opens it instead of running initdb. Suites that prove a fresh
 * data folder works (the runbook smoke, `serve`, `dev`) do not use this.
 */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  const { files } = await loadOnce();
  cpSync(files.dataDir, join(dataDir, 'db'), { recursive: true });
}
