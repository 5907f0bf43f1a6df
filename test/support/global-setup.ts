/**
 * Vitest global setup, before the workers start: makes the migrated PGlite snapshot once (so
 * they do not race to make it, see `pglite-snapshot.ts`), and rebuilds `dist/` from the
 * sources, because the end-to-end suites run the real programs (`bin/` runs `dist/`) and
 * must test the code as it is now. The build is incremental: about a second when nothing
 * changed.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { preparePgliteSnapshot } from './pglite-snapshot.js';

const ROOT = resolve(import.meta.dirname, '../..');

async function buildPrograms(): Promise<void> {
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT });
  } catch (err) {
    const { stdout = '' } = err as { stdout?: string };
    throw new Error(`npm run build failed; the e2e suites need dist/:\n${stdout}`);
  }
}

export default async function setup(): Promise<void> {
  await Promise.all([preparePgliteSnapshot(), buildPrograms()]);
}
