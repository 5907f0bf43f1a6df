/**
 * `ObjectStore` on the local filesystem (the embedded default): the object `a/b/c.log`
 * is the file `<root>/a/b/c.log`. A put writes a temp file in `<root>/.partial/`, fsyncs
 * it, renames it over the target and fsyncs the directory, so a reader (or a crash) sees
 * the old object or the whole new one. Folders are created on demand (mode 0700; files
 * 0600) and removed again when a delete empties them. `.partial/…` keys are reserved, and
 * a key cannot also be a folder of other keys (`a/b` and `a/b/c`): the store's key naming
 * (`docs/storage-and-retention.md`) never needs both.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { invalid } from '../../domain/errors.js';
import { checkObjectKey } from '../../domain/storage/object-keys.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../ports/object-store.js';

const PARTIAL = '.partial';

export class FsObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  async put(key: string, body: AsyncIterable<Uint8Array>, size: number): Promise<void> {
    const target = this.pathOf(key);
    const temp = join(this.root, PARTIAL, `${randomBytes(12).toString('hex')}.tmp`);
    await mkdir(dirname(temp), { recursive: true, mode: 0o700 });
    try {
      await writeFully(temp, body, size);
      await this.moveInto(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array> | undefined> {
    const path = this.pathOf(key);
    const info = await fileSize(path);
    if (info === undefined) return undefined;
    const start = Math.min(range?.offset ?? 0, info);
    const end = Math.min(info, range?.length === undefined ? info : start + range.length);
    if (end <= start) return (async function* () {})();
    try {
      const handle = await open(path, 'r');
      return handle.createReadStream({ start, end: end - 1, autoClose: true });
    } catch (err) {
      if (errno(err) === 'ENOENT') return undefined; // deleted since the size was read
      throw err;
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const size = await fileSize(this.pathOf(key));
    return size === undefined ? undefined : { key, size };
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (err) {
      if (errno(err) !== 'ENOENT') throw err;
      return;
    }
    await this.pruneEmptyFolders(dirname(path));
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // Walk only the deepest folder the prefix names; keys are filtered by the whole prefix.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (folder !== '') checkObjectKey(folder);
    if (folder.split('/')[0] === PARTIAL) return [];
    const found: ObjectInfo[] = [];
    await this.walk(folder === '' ? this.root : join(this.root, ...folder.split('/')), prefix, found);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async walk(dir: string, prefix: string, found: ObjectInfo[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return;
      throw err;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (dir === this.root && entry.name === PARTIAL) continue;
      if (entry.isDirectory()) await this.walk(path, prefix, found);
      if (!entry.isFile()) continue;
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const size = await fileSize(path);
      if (size !== undefined) found.push({ key, size });
    }
  }

  private pathOf(key: string): string {
    checkObjectKey(key);
    if (key.split('/')[0] === PARTIAL) {
      throw invalid('object.key_invalid', `object key ${JSON.stringify(key)} is reserved`);
    }
    return join(this.root, ...key.split('/'));
  }

  /** Renames the finished temp file over the target; retried once if a delete pruned its folder. */
  private async moveInto(temp: string, target: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      try {
        await rename(temp, target);
        break;
      } catch (err) {
        if (errno(err) !== 'ENOENT' || attempt > 0) throw err;
      }
    }
    const folder = await open(dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  private async pruneEmptyFolders(dir: string): Promise<void> {
    while (dir !== this.root && dir.startsWith(this.root + sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or gone): stop climbing
      }
      dir = dirname(dir);
    }
  }
}

/** Writes exactly `size` bytes of `body` to a new file (mode 0600) and fsyncs it. */
async function writeFully(path: string, body: AsyncIterable<Uint8Array>, size: number): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    let written = 0;
    for await (const piece of body) {
      written += piece.length;
      if (written > size) throw new Error(`object body is longer than its declared ${size} bytes`);
      for (let done = 0; done < piece.length; ) {
        done += (await file.write(piece, done, piece.length - done)).bytesWritten;
      }
    }
    if (written !== size) throw new Error(`object body ended after ${written} of ${size} bytes`);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}
