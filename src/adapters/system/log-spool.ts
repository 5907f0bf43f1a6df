/**
 * The log spool on disk: `<dir>/<job>/<step>-<seq>.chunk`, each written to a temporary
 * name, synced and renamed, so a chunk is either whole or absent. Mode 0700/0600: chunks
 * are scrubbed, but still job output.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogSpool, SpoolKey } from '../../ports/log-spool.js';

export class FsLogSpool implements LogSpool {
  constructor(private readonly dir: string) {}

  async put(key: SpoolKey, bytes: Uint8Array): Promise<void> {
    const jobDir = join(this.dir, String(key.jobId));
    await mkdir(jobDir, { recursive: true, mode: 0o700 });
    const file = this.file(key);
    const handle = await open(`${file}.tmp`, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.tmp`, file);
  }

  async read(key: SpoolKey): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.file(key)));
  }

  async drop(key: SpoolKey): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async clearJob(jobId: number): Promise<void> {
    await rm(join(this.dir, String(jobId)), { recursive: true, force: true });
  }

  async listJobs(): Promise<number[]> {
    try {
      const entries = await readdir(this.dir, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => Number(e.name));
    } catch {
      return [];
    }
  }

  private file(key: SpoolKey): string {
    return join(this.dir, String(key.jobId), `${key.stepId}-${key.seq}.chunk`);
  }
}
