/**
 * The host engine's pid files: one per running step, naming its process group, so a runner
 * restarted after `kill -9` can kill the groups its earlier process left behind. A group id
 * is only trusted within the boot that wrote it: after a reboot the numbers mean nothing,
 * and within one boot the kernel never hands out a pid that is still a live group's id.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join } from 'node:path';

interface GroupFile {
  pgid: number;
  job_id: number;
  step_id: number;
  boot: string;
}

const FILE = /^job-(\d+)-step-(\d+)\.json$/;

export class HostStepGroups {
  private readonly boot = currentBoot();

  constructor(private readonly dir: string) {}

  /**
   * Records that step `stepId` of `jobId` runs as process group `pgid`. Synchronous on
   * purpose: called right after the spawn, before the event loop runs again, so a runner
   * killed at any later instant has the file (an asynchronous write left a window in which
   * the step was already running and a `kill -9` left its group unrecorded).
   */
  record(jobId: number, stepId: number, pgid: number): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const entry: GroupFile = { pgid, job_id: jobId, step_id: stepId, boot: this.boot };
    writeFileSync(this.fileOf(jobId, stepId), JSON.stringify(entry), { mode: 0o600 });
  }

  /** Forgets a step whose group is gone. Idempotent. */
  async forget(jobId: number, stepId: number): Promise<void> {
    await rm(this.fileOf(jobId, stepId), { force: true });
  }

  /**
   * Kills (SIGKILL) the recorded groups of jobs not in `activeJobIds` and forgets them;
   * returns how many groups still had a process to kill.
   */
  async killOrphans(activeJobIds: readonly number[]): Promise<number> {
    let killed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const match = FILE.exec(name);
      if (!match || activeJobIds.includes(Number(match[1]))) continue;
      const entry = await readEntry(join(this.dir, name));
      if (entry && entry.boot === this.boot && killGroup(entry.pgid, 'SIGKILL')) killed += 1;
      await rm(join(this.dir, name), { force: true });
    }
    return killed;
  }

  private fileOf(jobId: number, stepId: number): string {
    return join(this.dir, `job-${jobId}-step-${stepId}.json`);
  }
}

/** Signals process group `pgid`; false when no process of it was left. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

async function readEntry(file: string): Promise<GroupFile | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<GroupFile>;
    return typeof parsed.pgid === 'number' && typeof parsed.boot === 'string' ? (parsed as GroupFile) : null;
  } catch {
    return null;
  }
}

/** Linux's boot id; elsewhere the boot time to the minute (uptime moves with the clock). */
function currentBoot(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `t${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}
