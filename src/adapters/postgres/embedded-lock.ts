/**
 * The lock that keeps PGlite to one process (SPEC §18). PGlite has no lock of its own and two
 * writers corrupt its folder, so whoever opens `<data_dir>/db` first holds
 * `<data_dir>/shithubd.lock` (pid + admin socket path). A lock whose pid is dead is stale and
 * taken over; a live holder is reported, never opened alongside.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  /** The admin socket of a serving holder; null for a short-lived admin command. */
  socket: string | null;
  startedAt: string;
}

export type LockOutcome = { acquired: true; release(): void } | { acquired: false; holder: LockHolder };

export function lockPath(dataDir: string): string {
  return join(dataDir, 'shithubd.lock');
}

/** Locks this process holds now: our own pid in a lock file is only live if we took it. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, socket: parsed.socket ?? null, startedAt: parsed.startedAt ?? '' };
  } catch {
    return null;
  }
}

/** The live holder of the lock, if any (a read only: nothing is taken or removed). */
export function peekEmbeddedLock(dataDir: string): LockHolder | null {
  const path = lockPath(dataDir);
  const holder = readHolder(path);
  const live = holder && (holder.pid === process.pid ? heldHere.has(path) : isAlive(holder.pid));
  return live ? holder : null;
}

/**
 * Tries once to take the lock for this process. Creation is exclusive (`wx`), so two
 * processes racing for a free or stale lock cannot both win.
 */
export function tryAcquireEmbeddedLock(dataDir: string, socket: string | null): LockOutcome {
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const me: LockHolder = { pid: process.pid, socket, startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      return {
        acquired: true,
        release: () => {
          if (released) return;
          released = true;
          heldHere.delete(path);
          if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    const live = holder && (holder.pid === process.pid ? heldHere.has(path) : isAlive(holder.pid));
    if (holder && live) return { acquired: false, holder };
    // Dead holder, our own pid left by an earlier process (pid reuse), or a half-written file.
    rmSync(path, { force: true });
  }
  const holder = readHolder(path);
  return { acquired: false, holder: holder ?? { pid: 0, socket: null, startedAt: '' } };
}
