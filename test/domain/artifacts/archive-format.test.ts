import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_END,
  ARCHIVE_MAGIC,
  type ArchiveEntry,
  type ArchiveEvent,
  ArchiveReader,
  encodeEntryHeader,
} from '../../../src/domain/artifacts/archive-format.js';
import { isDomainError } from '../../../src/domain/errors.js';

const text = (s: string) => new TextEncoder().encode(s);

/** An archive of `files` (path → content), as the runner writes one. */
function archiveOf(files: Record<string, string>, executable: string[] = []): Uint8Array {
  const parts: Uint8Array[] = [ARCHIVE_MAGIC];
  for (const [path, content] of Object.entries(files)) {
    const bytes = text(content);
    parts.push(encodeEntryHeader({ path, size: bytes.length, executable: executable.includes(path) }));
    parts.push(bytes);
  }
  parts.push(ARCHIVE_END);
  return Buffer.concat(parts);
}

/** What a reader sees in `bytes` pushed `step` bytes at a time: entries with their content. */
function readAll(
  bytes: Uint8Array,
  step = bytes.length,
): { entries: (ArchiveEntry & { text: string })[]; files: number } {
  const reader = new ArchiveReader();
  const entries: (ArchiveEntry & { text: string })[] = [];
  const events: ArchiveEvent[] = [];
  for (let at = 0; at < bytes.length; at += step) events.push(...reader.push(bytes.slice(at, at + step)));
  for (const event of events) {
    if (event.kind === 'entry') entries.push({ ...event.entry, text: '' });
    else if (event.kind === 'data') entries.at(-1)!.text += Buffer.from(event.bytes).toString();
  }
  return { entries, files: reader.finish() };
}

function refusal(bytes: Uint8Array): string {
  try {
    readAll(bytes);
  } catch (err) {
    if (isDomainError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe('the artifact archive format', () => {
  it('reads back what was written, whole or one byte at a time', () => {
    const archive = archiveOf({ 'a.txt': 'alpha', 'dir/b.bin': 'beta\n', 'dir/empty': '' }, ['dir/b.bin']);
    for (const step of [archive.length, 1, 7]) {
      expect(readAll(archive, step)).toEqual({
        entries: [
          { path: 'a.txt', size: 5, executable: false, text: 'alpha' },
          { path: 'dir/b.bin', size: 5, executable: true, text: 'beta\n' },
          { path: 'dir/empty', size: 0, executable: false, text: '' },
        ],
        files: 3,
      });
    }
  });

  it('holds an empty archive: the magic line and the end marker', () => {
    expect(readAll(archiveOf({}))).toEqual({ entries: [], files: 0 });
  });

  const good = archiveOf({ 'a.txt': 'x' });
  const header = (json: string) => {
    const bytes = text(json);
    const out = new Uint8Array(4 + bytes.length);
    new DataView(out.buffer).setUint32(0, bytes.length);
    out.set(bytes, 4);
    return out;
  };
  const withHeader = (json: string) => Buffer.concat([ARCHIVE_MAGIC, header(json), ARCHIVE_END]);

  it.each([
    [
      'another magic line',
      Buffer.concat([text('zip'), good.subarray(3)]),
      'does not start with its magic line',
    ],
    ['no end marker', good.subarray(0, good.length - 4), 'ends before its end marker'],
    ['bytes after the end', Buffer.concat([good, text('!')]), 'bytes follow its end'],
    ['a header that is not JSON', withHeader('{'), 'a header is not JSON'],
    ['a path climbing out', withHeader('{"path":"../x","size":0,"executable":false}'), '".." segment'],
    ['an absolute path', withHeader('{"path":"/etc/x","size":0,"executable":false}'), 'must be relative'],
    ['a backslash', withHeader('{"path":"a\\\\b","size":0,"executable":false}'), 'backslash'],
    ['a negative size', withHeader('{"path":"a","size":-1,"executable":false}'), 'no valid size'],
    ['no executable flag', withHeader('{"path":"a","size":0}'), 'no executable flag'],
    ['a path twice', archiveOf({ a: '1' }).subarray(0, -4), 'ends before'],
  ])('refuses %s as artifact.archive_invalid', (_name, bytes, why) => {
    expect(refusal(bytes)).toMatch(/^artifact\.archive_invalid: the artifact archive is malformed: /);
    expect(refusal(bytes)).toContain(why);
  });

  it('refuses the same path twice and a path that is both a file and a folder', () => {
    const twice = Buffer.concat([
      ARCHIVE_MAGIC,
      encodeEntryHeader({ path: 'a', size: 0, executable: false }),
      encodeEntryHeader({ path: 'a', size: 0, executable: false }),
      ARCHIVE_END,
    ]);
    expect(refusal(twice)).toContain('"a" appears twice');
    expect(refusal(archiveOf({ a: '', 'a/b': '' }))).toContain('"a" is both a file and a folder');
    expect(refusal(archiveOf({ 'a/b': '', a: '' }))).toContain('"a" appears twice');
  });

  it('refuses a header longer than 4096 bytes before reading it', () => {
    const long = new Uint8Array(4);
    new DataView(long.buffer).setUint32(0, 5000);
    expect(refusal(Buffer.concat([ARCHIVE_MAGIC, long]))).toContain('longer than 4096 bytes');
  });
});
