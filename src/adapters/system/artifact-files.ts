/**
 * Artifact files on the runner host (`ArtifactFiles`). The workspace is the workflow's: any
 * path in it may be a symbolic link a step planted, and the runner often runs as root, so a
 * link is resolved and checked against the workspace's real path before it is followed, a
 * file is opened with O_NOFOLLOW, and a link in the way of a downloaded file is replaced, never
 * written through. Files the runner creates in the workspace go to the step user (when the
 * runner may chown) so later steps can change them. Archives are the runner's own (0600).
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import {
  chmod,
  chown,
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rm,
  stat,
  unlink,
} from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import {
  ARCHIVE_END,
  ARCHIVE_MAGIC,
  ArchiveReader,
  encodeEntryHeader,
  MAX_ARCHIVE_ENTRIES,
} from '../../domain/artifacts/archive-format.js';
import { invalid } from '../../domain/errors.js';
import type { ArchiveDigest, ArtifactFiles, FoundFiles, PackEntry } from '../../ports/artifact-files.js';

export interface FsArtifactFilesOptions {
  /** Owner of the files and folders a download creates (the step user) when the runner may chown. */
  owner?: { uid: number; gid: number };
}

const BLOCK_BYTES = 1024 * 1024;

export class FsArtifactFiles implements ArtifactFiles {
  constructor(private readonly opts: FsArtifactFilesOptions = {}) {}

  async findFiles(workspace: string, roots: readonly string[]): Promise<FoundFiles> {
    const top = await realpath(workspace);
    const files = new Set<string>();
    const escaping = new Set<string>();
    const seenFolders = new Set<string>();
    const visit = async (rel: string): Promise<void> => {
      const path = rel === '' ? top : join(top, rel);
      const info = await lstat(path).catch(() => null);
      if (!info) return;
      let real = path;
      if (info.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        if (target === null) return;
        if (!isInside(top, target)) return void escaping.add(rel);
        real = target;
      }
      const kind = info.isSymbolicLink() ? await stat(real).catch(() => null) : info;
      if (kind?.isFile()) {
        if (files.size >= MAX_ARCHIVE_ENTRIES) throw tooMany();
        files.add(rel);
      } else if (kind?.isDirectory() && !seenFolders.has(real)) {
        seenFolders.add(real);
        for (const name of (await readdir(real)).sort()) await visit(rel === '' ? name : `${rel}/${name}`);
      }
    };
    for (const root of roots) await visit(root);
    return { files: [...files].sort(), escaping: [...escaping].sort() };
  }

  async pack(workspace: string, entries: readonly PackEntry[], archive: string): Promise<ArchiveDigest> {
    const top = await realpath(workspace);
    await mkdir(dirname(archive), { recursive: true, mode: 0o700 });
    const out = await open(archive, 'w', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    const write = async (bytes: Uint8Array) => {
      await out.write(bytes);
      hash.update(bytes);
      size += bytes.length;
    };
    try {
      await write(ARCHIVE_MAGIC);
      for (const entry of entries) await packFile(top, entry, write);
      await write(ARCHIVE_END);
    } finally {
      await out.close();
    }
    return { size, sha256: hash.digest('hex') };
  }

  async readChunk(archive: string, offset: number, length: number): Promise<Uint8Array> {
    const handle = await open(archive, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async writeDownload(archive: string, offset: number, body: AsyncIterable<Uint8Array>): Promise<number> {
    await mkdir(dirname(archive), { recursive: true, mode: 0o700 });
    const handle = await open(archive, offset === 0 ? 'w' : 'r+', 0o600);
    let at = offset;
    try {
      for await (const piece of body) {
        await handle.write(piece, 0, piece.length, at);
        at += piece.length;
      }
    } finally {
      await handle.close();
    }
    return at;
  }

  async digest(archive: string): Promise<ArchiveDigest> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of createReadStream(archive) as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
    }
    return { size, sha256: hash.digest('hex') };
  }

  async unpack(
    archive: string,
    workspace: string,
    destination: string,
  ): Promise<{ files: number; bytes: number }> {
    const folders = new FolderMaker(await realpath(workspace), this.opts.owner);
    const reader = new ArchiveReader();
    let file: FileHandle | null = null;
    let bytes = 0;
    try {
      for await (const piece of createReadStream(archive) as AsyncIterable<Buffer>) {
        for (const event of reader.push(piece)) {
          if (event.kind === 'entry') {
            const path = destination === '' ? event.entry.path : `${destination}/${event.entry.path}`;
            file = await this.createFile(folders, path, event.entry.executable);
          } else if (event.kind === 'data') {
            await file?.write(event.bytes);
            bytes += event.bytes.length;
          } else {
            await file?.close();
            file = null;
          }
        }
      }
      return { files: reader.finish(), bytes };
    } finally {
      await file?.close();
    }
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Creates (or empties) the file at `path`, replacing a link there instead of following it. */
  private async createFile(folders: FolderMaker, path: string, executable: boolean): Promise<FileHandle> {
    const cut = path.lastIndexOf('/');
    const parent = await folders.make(cut < 0 ? '' : path.slice(0, cut));
    const target = join(parent, path.slice(cut + 1));
    const info = await lstat(target).catch(() => null);
    if (info?.isSymbolicLink()) await unlink(target);
    else if (info?.isDirectory()) throw conflictAt(path);
    const mode = executable ? 0o755 : 0o644;
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const handle = await open(target, flags, mode);
    await handle.chmod(mode);
    if (this.opts.owner) await handle.chown(this.opts.owner.uid, this.opts.owner.gid);
    return handle;
  }
}

/** Creates folders inside the workspace one segment at a time, following links only inside it. */
class FolderMaker {
  private readonly made = new Map<string, string>();

  constructor(
    private readonly top: string,
    private readonly owner?: { uid: number; gid: number },
  ) {}

  /** The real path of the folder `rel` (relative to the workspace), created when missing. */
  async make(rel: string): Promise<string> {
    if (rel === '') return this.top;
    const known = this.made.get(rel);
    if (known) return known;
    const cut = rel.lastIndexOf('/');
    const parent = await this.make(cut < 0 ? '' : rel.slice(0, cut));
    let path = join(parent, rel.slice(cut + 1));
    const info = await lstat(path).catch(() => null);
    if (!info) {
      await mkdir(path, { mode: 0o755 });
      await chmod(path, 0o755);
      if (this.owner) await chown(path, this.owner.uid, this.owner.gid);
    } else if (info.isSymbolicLink()) {
      path = await realpath(path);
      if (!isInside(this.top, path)) throw outside(rel);
      if (!(await stat(path)).isDirectory()) throw conflictAt(rel);
    } else if (!info.isDirectory()) throw conflictAt(rel);
    this.made.set(rel, path);
    return path;
  }
}

/** Appends one file (header, then exactly the size it had when opened) to the archive. */
async function packFile(
  top: string,
  entry: PackEntry,
  write: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const real = await realpath(join(top, entry.source));
  if (!isInside(top, real)) throw outside(entry.source);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw changed(entry.source);
    await write(
      encodeEntryHeader({ path: entry.path, size: info.size, executable: (info.mode & 0o111) !== 0 }),
    );
    const block = Buffer.alloc(Math.min(BLOCK_BYTES, Math.max(1, info.size)));
    for (let left = info.size; left > 0; ) {
      const { bytesRead } = await handle.read(block, 0, Math.min(block.length, left), null);
      if (bytesRead === 0) throw changed(entry.source);
      await write(block.subarray(0, bytesRead));
      left -= bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function isInside(top: string, real: string): boolean {
  return real === top || real.startsWith(`${top}${sep}`);
}

function outside(path: string) {
  return invalid(
    'artifact.path_outside_workspace',
    `${JSON.stringify(path)} leads out of the workspace through a symbolic link`,
  );
}

function changed(path: string) {
  return invalid(
    'artifact.file_changed',
    `${JSON.stringify(path)} changed while it was read; upload it again`,
  );
}

function conflictAt(path: string) {
  return invalid(
    'artifact.path_conflict',
    `cannot write ${JSON.stringify(path)}: something else is in the way`,
  );
}

function tooMany() {
  return invalid('artifact.too_many_files', `an artifact holds at most ${MAX_ARCHIVE_ENTRIES} files`);
}
