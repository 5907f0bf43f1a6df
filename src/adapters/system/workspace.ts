/**
 * Job workspaces on disk: `<root>/<run_id>/<job_id>` (mode 0700) with the job's runner folder
 * beside it, `<root>/<run_id>/<job_id>-runner` (0755, the runner's: a step cannot replace
 * what is in it) holding `temp/` (0700), and the runner's small state folder
 * `<root>/.shithubd-runner/`. When the runner runs as root and steps run as another user,
 * the workspace and `temp/` are handed to that user (the run folder stays traversable).
 */
import { chmod, chown, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobFolders, Workspace } from '../../ports/workspace.js';

export const STATE_DIR = '.shithubd-runner';
const NUMERIC = /^[1-9][0-9]{0,15}$/;
const SHARED_SUFFIX = '-runner';

export interface FsWorkspaceOptions {
  root: string;
  /** Owner of each job folder (the container user) when the runner may chown. */
  owner?: { uid: number; gid: number };
}

export class FsWorkspace implements Workspace {
  constructor(private readonly opts: FsWorkspaceOptions) {}

  async create(runId: number, jobId: number): Promise<JobFolders> {
    const runDir = join(this.opts.root, String(runId));
    await mkdir(this.opts.root, { recursive: true, mode: 0o711 });
    await mkdir(runDir, { recursive: true, mode: 0o711 });
    const folders = {
      workspace: join(runDir, String(jobId)),
      shared: join(runDir, `${jobId}${SHARED_SUFFIX}`),
    };
    for (const dir of [folders.workspace, folders.shared]) await rm(dir, { recursive: true, force: true });
    await mkdir(folders.shared, { mode: 0o755 });
    await chmod(folders.shared, 0o755);
    for (const dir of [folders.workspace, join(folders.shared, 'temp')]) {
      await mkdir(dir, { mode: 0o700 });
      if (this.opts.owner) await chown(dir, this.opts.owner.uid, this.opts.owner.gid);
    }
    return folders;
  }

  async remove(runId: number, jobId: number): Promise<void> {
    const runDir = join(this.opts.root, String(runId));
    await rm(join(runDir, String(jobId)), { recursive: true, force: true });
    await rm(join(runDir, `${jobId}${SHARED_SUFFIX}`), { recursive: true, force: true });
    await rmdir(runDir).catch(() => undefined);
  }

  async sweep(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const run of await listNumeric(this.opts.root)) {
      const runDir = join(this.opts.root, run);
      for (const job of await listNumeric(runDir)) {
        const jobDir = join(runDir, job);
        const info = await stat(jobDir).catch(() => null);
        if (info && info.mtime < olderThan) {
          await rm(jobDir, { recursive: true, force: true });
          removed += 1;
        }
      }
      // A runner folder goes with its workspace (or alone, left by a crash between the two).
      for (const job of await listNumeric(runDir, SHARED_SUFFIX)) {
        const jobDir = join(runDir, job);
        if (await stat(jobDir).catch(() => null)) continue;
        await rm(`${jobDir}${SHARED_SUFFIX}`, { recursive: true, force: true });
      }
      await rmdir(runDir).catch(() => undefined);
    }
    return removed;
  }

  async loadRunnerId(): Promise<number | null> {
    try {
      const parsed = JSON.parse(await readFile(this.stateFile(), 'utf8')) as { runner_id?: unknown };
      return typeof parsed.runner_id === 'number' && parsed.runner_id > 0 ? parsed.runner_id : null;
    } catch {
      return null;
    }
  }

  async saveRunnerId(runnerId: number): Promise<void> {
    const file = this.stateFile();
    await mkdir(join(this.opts.root, STATE_DIR), { recursive: true, mode: 0o700 });
    await writeFile(`${file}.tmp`, `${JSON.stringify({ runner_id: runnerId })}\n`, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  private stateFile(): string {
    return join(this.opts.root, STATE_DIR, 'runner.json');
  }
}

/** Folders named `<number><suffix>`, as the numbers. */
async function listNumeric(dir: string, suffix = ''): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name.endsWith(suffix))
      .map((entry) => entry.name.slice(0, entry.name.length - suffix.length))
      .filter((name) => NUMERIC.test(name));
  } catch {
    return [];
  }
}
