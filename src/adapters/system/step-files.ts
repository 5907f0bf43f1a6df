/**
 * The step files on the runner host (`StepFiles`). Their folders are the runner's (0755,
 * inside the job's runner folder, so a step running as another user cannot swap them for
 * links); each file is created anew (never through a link) and handed to the step user
 * (0666, chowned when the runner is root). A read opens only the very file created (same
 * device and inode): when steps run as the runner's own user they could swap a folder for a
 * link, and must not make the runner read a host file they cannot see. `hashFiles()`
 * follows GitHub.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, type Dirent, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, open, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { compileFilePatterns, matchesFilePatterns } from '../../domain/agent/file-patterns.js';
import type { FileRead, StepFiles } from '../../ports/step-files.js';

export interface FsStepFilesOptions {
  /** Owner of the files (the container user) when the runner may chown. */
  owner?: { uid: number; gid: number };
}

/** `hashFiles()` stops after this many files: a workspace that large is a mistake, not a cache key. */
const MAX_HASHED_FILES = 100_000;

export class FsStepFiles implements StepFiles {
  /** Files created and not read yet: path → identity. */
  private readonly created = new Map<string, { dev: number; ino: number }>();

  constructor(private readonly opts: FsStepFilesOptions = {}) {}

  async createFiles(paths: readonly string[]): Promise<void> {
    for (const dir of new Set(paths.map((p) => dirname(p)))) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true, mode: 0o755 });
    }
    for (const path of paths) {
      await writeFile(path, '', { flag: 'wx', mode: 0o666 });
      await chmod(path, 0o666);
      if (this.opts.owner) await chown(path, this.opts.owner.uid, this.opts.owner.gid);
      const { dev, ino } = await lstat(path);
      // Entries of steps that never got read (a crash) must not pile up in a long-lived runner.
      if (this.created.size > 10_000) this.created.clear();
      this.created.set(path, { dev, ino });
    }
  }

  async writeFile(path: string, text: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    await rm(path, { force: true });
    await writeFile(path, text, { flag: 'wx', mode: 0o644 });
    await chmod(path, 0o644);
  }

  async readFile(path: string, maxBytes: number): Promise<FileRead | null> {
    const expected = this.created.get(path);
    this.created.delete(path);
    if (!expected) return null;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.dev !== expected.dev || info.ino !== expected.ino) return null;
      if (info.size > maxBytes) return { text: '', bytes: info.size, overLimit: true };
      const bytes = (await handle.readFile()).subarray(0, maxBytes);
      return { text: bytes.toString('utf8'), bytes: bytes.length, overLimit: false };
    } finally {
      await handle.close();
    }
  }

  async readWorkspaceFile(workspace: string, path: string, maxBytes: number): Promise<FileRead | null> {
    let real: string;
    let root: string;
    try {
      root = await realpath(workspace);
      real = await realpath(join(workspace, path));
    } catch {
      return null;
    }
    // A link (the file's or a folder's) may point anywhere on the runner host: only the workspace counts.
    if (!real.startsWith(`${root}${sep}`)) return null;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      if (info.size > maxBytes) return { text: '', bytes: info.size, overLimit: true };
      const bytes = (await handle.readFile()).subarray(0, maxBytes);
      return { text: bytes.toString('utf8'), bytes: bytes.length, overLimit: false };
    } finally {
      await handle.close();
    }
  }

  hashFiles(workspace: string, patterns: readonly string[]): string {
    const compiled = compileFilePatterns(patterns);
    const files = listFiles(workspace)
      .filter((path) => matchesFilePatterns(compiled, path))
      .sort();
    if (files.length === 0) return '';
    const all = createHash('sha256');
    for (const path of files) all.update(sha256Of(join(workspace, path)));
    return all.digest('hex');
  }
}

/** Regular files under `root`, relative and `/`-separated; links are not followed. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (out.length >= MAX_HASHED_FILES) return;
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(root, '');
  return out;
}

/** The SHA-256 of a file's bytes, read in blocks (a file may be large). */
function sha256Of(path: string): Buffer {
  const hash = createHash('sha256');
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isFile()) return hash.digest();
    const block = Buffer.alloc(1024 * 1024);
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) hash.update(block.subarray(0, n));
    return hash.digest();
  } finally {
    closeSync(fd);
  }
}
