/**
 * `<data_dir>` is private (issue #12, hostile-input probe): a folder created 0755 beforehand
 * is tightened to 0700 with its `db/`, PGlite's files are created 0600, and a folder that
 * cannot be made private refuses the start.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { openConfiguredDatabase } from '../../src/apps/shithubd/database.js';
import { makeDataDirPrivate } from '../../src/apps/shithubd/private-data-dir.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const SHITHUBD = resolve(import.meta.dirname, '../../bin/shithubd.js');
const dirs: string[] = [];
const umaskBefore = process.umask();
afterEach(() => {
  process.umask(umaskBefore);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('a private data dir', () => {
  it('tightens a data dir and db/ made 0755 beforehand, and the 0666 files PGlite unpacks', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'shithub-private-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    // PGlite's initdb unpacks its files 0666 (slow to run here): a migrated copy, made so.
    await seedEmbeddedDatabase(dataDir);
    for (const f of readdirSync(join(dataDir, 'db'), { recursive: true, encoding: 'utf8' })) {
      const path = join(dataDir, 'db', f);
      chmodSync(path, statSync(path).isFile() ? 0o666 : 0o755);
    }
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'db'), 0o755);
    process.umask(0o022);
    const config = loadServerConfig({
      env: { SHITHUB_LOG__LEVEL: 'silent' },
      cwd: parent,
      dataDirFlag: dataDir,
    });
    const db = await openConfiguredDatabase(config);
    await db.close();
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'db'))).toBe(0o700);
    const files = readdirSync(join(dataDir, 'db'), { recursive: true, encoding: 'utf8' })
      .map((f) => join(dataDir, 'db', f))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => (modeOf(f) & 0o077) !== 0)).toEqual([]);
  }, 60_000);

  it('leaves nothing readable by others after `shithubd migrate`, whatever umask it was started with', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shithub-private-cli-'));
    dirs.push(dataDir);
    process.umask(0o022);
    await seedEmbeddedDatabase(dataDir);
    chmodSync(dataDir, 0o755);
    const done = await execa(process.execPath, [SHITHUBD, 'migrate', '--data-dir', dataDir], {
      env: { ...process.env, SHITHUB_LOG__LEVEL: 'silent' },
      reject: false,
    });
    expect(done.exitCode, done.stderr).toBe(0);
    const open = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dataDir, f))
      .filter((f) => (modeOf(f) & 0o077) !== 0);
    expect(open).toEqual([]);
    expect(modeOf(dataDir)).toBe(0o700);
  }, 60_000);

  it.skipIf(!existsSync('/proc/self'))('refuses a data dir it cannot make private', () => {
    // Even root cannot chmod a /proc folder (0555): the stand-in for another user's folder.
    expect(() => makeDataDirPrivate('/proc/self')).toThrow(
      /readable by other users .* cannot be made private/,
    );
  });
});
