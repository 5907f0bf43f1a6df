/**
 * The stored form of an artifact: one object holding its files, written by the runner and
 * read back by the runner (download), the server (checked before an upload counts as
 * finished) and the zip download. Uncompressed and streamable both ways:
 *
 *     magic   "shithub-artifact/1\n"
 *     entry*  u32 big-endian header length (1..4096), the header as UTF-8 JSON
 *             {"path": "dir/file.txt", "size": 123, "executable": false}, then `size` bytes
 *     end     u32 0, and nothing after it
 *
 * Paths follow `entryPathProblem`; no path twice, and none both a file and a folder of
 * others, so any archive unpacks into one folder without surprises.
 */
import { invalid } from '../errors.js';
import { entryPathProblem } from './artifact-names.js';

export const ARCHIVE_MAGIC = new TextEncoder().encode('shithub-artifact/1\n');
export const ARCHIVE_END = new Uint8Array(4);
export const MAX_HEADER_BYTES = 4096;
/** Files in one artifact. */
export const MAX_ARCHIVE_ENTRIES = 100_000;

export interface ArchiveEntry {
  path: string;
  size: number;
  executable: boolean;
}

export type ArchiveEvent =
  | { kind: 'entry'; entry: ArchiveEntry }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'entry_end' };

/** The bytes before an entry's content: its length-prefixed header. */
export function encodeEntryHeader(entry: ArchiveEntry): Uint8Array {
  const json = Buffer.from(
    JSON.stringify({ path: entry.path, size: entry.size, executable: entry.executable }),
  );
  const out = new Uint8Array(4 + json.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  return out;
}

const broken = (why: string) =>
  invalid('artifact.archive_invalid', `the artifact archive is malformed: ${why}`);

/**
 * Reads an archive pushed piece by piece and tells what it holds. Throws invalid
 * `artifact.archive_invalid` as soon as the bytes break the format; `finish` throws when the
 * archive ended early. `data` events are views of the pushed bytes.
 */
export class ArchiveReader {
  private pending = new Uint8Array(0);
  private magicSeen = 0;
  /** Content bytes still to come of the current entry, or null between entries. */
  private remaining: number | null = null;
  private ended = false;
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /** The events `bytes` completes, in order. */
  push(bytes: Uint8Array): ArchiveEvent[] {
    const events: ArchiveEvent[] = [];
    let at = this.readMagic(bytes);
    while (at < bytes.length) {
      if (this.ended) throw broken('bytes follow its end');
      if (this.remaining !== null) {
        const take = Math.min(this.remaining, bytes.length - at);
        if (take > 0) events.push({ kind: 'data', bytes: bytes.subarray(at, at + take) });
        at += take;
        this.remaining -= take;
        if (this.remaining === 0) this.endEntry(events);
        continue;
      }
      at = this.readHeader(bytes, at, events);
    }
    return events;
  }

  /** Checks that the archive is complete; answers how many files it held. */
  finish(): number {
    if (!this.ended) throw broken('it ends before its end marker');
    return this.files.size;
  }

  private readMagic(bytes: Uint8Array): number {
    let at = 0;
    while (this.magicSeen < ARCHIVE_MAGIC.length && at < bytes.length) {
      if (bytes[at] !== ARCHIVE_MAGIC[this.magicSeen]) throw broken('it does not start with its magic line');
      this.magicSeen++;
      at++;
    }
    return at;
  }

  /** Gathers a length-prefixed header (it may span pushes); answers where reading goes on. */
  private readHeader(bytes: Uint8Array, at: number, events: ArchiveEvent[]): number {
    const need = this.pending.length >= 4 ? 4 + new DataView(this.pending.buffer).getUint32(0) : 4;
    const take = Math.min(need - this.pending.length, bytes.length - at);
    const joined = new Uint8Array(this.pending.length + take);
    joined.set(this.pending);
    joined.set(bytes.subarray(at, at + take), this.pending.length);
    this.pending = joined;
    if (this.pending.length === 4) {
      const length = new DataView(this.pending.buffer).getUint32(0);
      if (length === 0) {
        this.ended = true;
        this.pending = new Uint8Array(0);
      } else if (length > MAX_HEADER_BYTES) throw broken(`a header is longer than ${MAX_HEADER_BYTES} bytes`);
    } else if (this.pending.length === need) {
      const entry = parseHeader(this.pending.subarray(4));
      this.pending = new Uint8Array(0);
      this.startEntry(entry, events);
    }
    return at + take;
  }

  private startEntry(entry: ArchiveEntry, events: ArchiveEvent[]): void {
    if (this.files.size >= MAX_ARCHIVE_ENTRIES)
      throw broken(`it holds more than ${MAX_ARCHIVE_ENTRIES} files`);
    if (this.files.has(entry.path) || this.folders.has(entry.path))
      throw broken(`${JSON.stringify(entry.path)} appears twice`);
    const segments = entry.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (this.files.has(folder)) throw broken(`${JSON.stringify(folder)} is both a file and a folder`);
      this.folders.add(folder);
    }
    this.files.add(entry.path);
    events.push({ kind: 'entry', entry });
    this.remaining = entry.size;
    if (entry.size === 0) this.endEntry(events);
  }

  private endEntry(events: ArchiveEvent[]): void {
    this.remaining = null;
    events.push({ kind: 'entry_end' });
  }
}

function parseHeader(bytes: Uint8Array): ArchiveEntry {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw broken('a header is not JSON');
  }
  const header = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { path, size, executable } = header;
  if (typeof path !== 'string') throw broken('a header has no path');
  const problem = entryPathProblem(path);
  if (problem) throw broken(`the path ${JSON.stringify(path.slice(0, 200))} ${problem}`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw broken(`${JSON.stringify(path)} has no valid size`);
  if (typeof executable !== 'boolean') throw broken(`${JSON.stringify(path)} has no executable flag`);
  return { path, size, executable };
}
