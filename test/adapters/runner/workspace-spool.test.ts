import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsLogSpool } from '../../../src/adapters/system/log-spool.js';
import { FsWorkspace } from '../../../src/adapters/system/workspace.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'runner-ws-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('disk workspaces', () => {
  it('creates <root>/<run>/<job> with mode 0700, emptied, and removes it with its emptied run folder', async () => {
    const ws = new FsWorkspace({ root });
    const { workspace: path } = await ws.create(3, 5);
    expect(path).toBe(join(root, '3', '5'));
    expect(statSync(path).mode & 0o777).toBe(0o700);
    writeFileSync(join(path, 'left'), 'x');
    await ws.create(3, 5);
    expect(existsSync(join(path, 'left'))).toBe(false);
    await ws.remove(3, 5);
    expect(existsSync(join(root, '3'))).toBe(false);
  });

  it('hands the job folder to the step user when asked', async () => {
    const { workspace: path } = await new FsWorkspace({ root, owner: { uid: 65534, gid: 65534 } }).create(
      1,
      2,
    );
    expect([statSync(path).uid, statSync(path).gid]).toEqual([65534, 65534]);
  });

  it('sweeps job workspaces older than the cut-off and keeps newer ones and its own state', async () => {
    const ws = new FsWorkspace({ root });
    const { workspace: old } = await ws.create(1, 10);
    await ws.create(2, 20);
    await ws.saveRunnerId(7);
    utimesSync(old, new Date('2020-01-01'), new Date('2020-01-01'));
    expect(await ws.sweep(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(existsSync(join(root, '1'))).toBe(false);
    expect(existsSync(join(root, '2', '20'))).toBe(true);
    expect(await ws.loadRunnerId()).toBe(7);
  });

  it('knows no runner id before the first save', async () => {
    expect(await new FsWorkspace({ root }).loadRunnerId()).toBeNull();
  });
});

describe('disk log spool', () => {
  it('keeps chunks until dropped, lists jobs with chunks, and clears a job', async () => {
    const spool = new FsLogSpool(join(root, 'spool'));
    expect(await spool.listJobs()).toEqual([]);
    await spool.put({ jobId: 4, stepId: 1, seq: 0 }, new Uint8Array([104, 105]));
    await spool.put({ jobId: 4, stepId: 1, seq: 1 }, new Uint8Array([33]));
    await spool.put({ jobId: 6, stepId: 2, seq: 0 }, new Uint8Array([1]));
    expect(Buffer.from(await spool.read({ jobId: 4, stepId: 1, seq: 0 })).toString()).toBe('hi');
    await spool.drop({ jobId: 4, stepId: 1, seq: 0 });
    await spool.drop({ jobId: 4, stepId: 1, seq: 0 });
    await expect(spool.read({ jobId: 4, stepId: 1, seq: 0 })).rejects.toThrow();
    expect((await spool.listJobs()).sort()).toEqual([4, 6]);
    await spool.clearJob(4);
    expect(await spool.listJobs()).toEqual([6]);
    expect(statSync(join(root, 'spool', '6')).mode & 0o777).toBe(0o700);
  });
});
