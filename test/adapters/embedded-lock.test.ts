import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPath, tryAcquireEmbeddedLock } from '../../src/adapters/postgres/embedded-lock.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'shithub-lock-'));

describe('embedded database lock', () => {
  it('is taken by the first caller and refused to a live second holder', () => {
    const dir = freshDir();
    const first = tryAcquireEmbeddedLock(dir, '/tmp/admin.sock');
    expect(first.acquired).toBe(true);
    // A live process other than us holds it: pretend the parent process does.
    writeFileSync(lockPath(dir), JSON.stringify({ pid: process.ppid, socket: '/x.sock', startedAt: 'now' }));
    const second = tryAcquireEmbeddedLock(dir, null);
    expect(second).toEqual({
      acquired: false,
      holder: { pid: process.ppid, socket: '/x.sock', startedAt: 'now' },
    });
  });

  it('takes over a lock whose holder is dead', () => {
    const dir = freshDir();
    writeFileSync(lockPath(dir), JSON.stringify({ pid: 2 ** 22 + 12345, socket: null, startedAt: 'then' }));
    const outcome = tryAcquireEmbeddedLock(dir, null);
    expect(outcome.acquired).toBe(true);
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
  });

  it('removes the lock file on release', () => {
    const dir = freshDir();
    const outcome = tryAcquireEmbeddedLock(dir, null);
    if (!outcome.acquired) throw new Error('expected the lock');
    outcome.release();
    expect(existsSync(lockPath(dir))).toBe(false);
  });
});

describe('embedded database lock within one process', () => {
  it('refuses a second opener in the same process while the first holds it', () => {
    const dir = freshDir();
    const first = tryAcquireEmbeddedLock(dir, '/tmp/a.sock');
    expect(first.acquired).toBe(true);
    const second = tryAcquireEmbeddedLock(dir, null);
    expect(second).toMatchObject({ acquired: false, holder: { pid: process.pid, socket: '/tmp/a.sock' } });
    if (first.acquired) first.release();
    expect(tryAcquireEmbeddedLock(dir, null).acquired).toBe(true);
  });

  it('takes over a lock file naming our pid that this process never took (pid reuse)', () => {
    const dir = freshDir();
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: process.pid, socket: null, startedAt: 'earlier life' }),
    );
    expect(tryAcquireEmbeddedLock(dir, null).acquired).toBe(true);
  });
});
