import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStepFiles } from '../../../src/adapters/system/step-files.js';
import { FsWorkspace } from '../../../src/adapters/system/workspace.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'step-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the job runner folder', () => {
  it('sits beside the workspace, the runner’s (0755), with temp/ for the steps (0700), and goes with it', async () => {
    const ws = new FsWorkspace({ root });
    const { workspace, shared } = await ws.create(3, 5);
    expect(shared).toBe(join(root, '3', '5-runner'));
    expect(statSync(shared).mode & 0o777).toBe(0o755);
    expect(statSync(join(shared, 'temp')).mode & 0o777).toBe(0o700);
    expect(workspace).toBe(join(root, '3', '5'));
    await ws.remove(3, 5);
    expect(() => statSync(join(root, '3'))).toThrow();
  });

  it('is swept with its workspace', async () => {
    const ws = new FsWorkspace({ root });
    await ws.create(1, 10);
    rmSync(join(root, '1', '10'), { recursive: true });
    await ws.sweep(new Date(0));
    expect(() => statSync(join(root, '1'))).toThrow();
  });
});

describe('step files on disk', () => {
  it('creates the files empty and writable by anyone in a folder only the runner may change, and reads them back', async () => {
    const files = new FsStepFiles();
    const path = join(root, 'steps', '7', 'output');
    await files.createFiles([path, join(root, 'steps', '7', 'env')]);
    expect(statSync(path).mode & 0o777).toBe(0o666);
    expect(statSync(join(root, 'steps', '7')).mode & 0o777).toBe(0o755);
    writeFileSync(path, 'a=1\n', { flag: 'a' });
    expect(await files.readFile(path, 1024)).toEqual({ text: 'a=1\n', bytes: 4, overLimit: false });
    expect(await files.readFile(join(root, 'steps', '7', 'missing'), 1024)).toBeNull();
  });

  it('says when a file is over the limit without reading it', async () => {
    const files = new FsStepFiles();
    const path = join(root, 'steps', '1', 'summary');
    await files.createFiles([path]);
    writeFileSync(path, 'x'.repeat(20));
    expect(await files.readFile(path, 10)).toEqual({ text: '', bytes: 20, overLimit: true });
  });

  it('reads nothing when the created file, or its folder, was swapped for a link to a host file', async () => {
    const files = new FsStepFiles();
    const secret = join(root, 'runner-config.toml');
    writeFileSync(secret, 'token = "registration"\n');
    const path = join(root, 'steps', '2', 'output');
    await files.createFiles([path]);
    unlinkSync(path);
    symlinkSync(secret, path);
    expect(await files.readFile(path, 1024)).toBeNull();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'output'), 'token=registration\n');
    await files.createFiles([join(root, 'steps', '3', 'output')]);
    rmSync(join(root, 'steps', '3'), { recursive: true });
    symlinkSync(elsewhere, join(root, 'steps', '3'));
    expect(await files.readFile(join(root, 'steps', '3', 'output'), 1024)).toBeNull();
    expect(readFileSync(secret, 'utf8')).toBe('token = "registration"\n');
  });

  it('hashes matching files as GitHub’s hashFiles() does, and gives empty text for no match', async () => {
    const files = new FsStepFiles();
    const ws = join(root, 'ws');
    mkdirSync(join(ws, 'cmd'), { recursive: true });
    writeFileSync(join(ws, 'go.sum'), 'a');
    writeFileSync(join(ws, 'cmd', 'go.sum'), 'b');
    symlinkSync(join(ws, 'go.sum'), join(ws, 'link.sum'));
    const sha = (data: string | Buffer) => createHash('sha256').update(data).digest();
    const expected = createHash('sha256')
      .update(Buffer.concat([sha('b'), sha('a')]))
      .digest('hex');
    expect(files.hashFiles(ws, ['**/*.sum'])).toBe(expected);
    expect(files.hashFiles(ws, ['nothing/**'])).toBe('');
  });
});
