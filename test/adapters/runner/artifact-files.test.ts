/**
 * Artifact files on a real disk (issue #10 item 3): finding files (links inside the workspace
 * followed, links leading out reported), packing and unpacking byte for byte with the
 * executable bit, and never writing through a link out of the workspace.
 */
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArtifactFiles } from '../../../src/adapters/system/artifact-files.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { archiveOf } from '../../support/artifact-archive.js';

let root: string;
let ws: string;
let outside: string;
const files = new FsArtifactFiles();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'artifact-files-'));
  ws = join(root, 'ws');
  outside = join(root, 'outside');
  mkdirSync(join(ws, 'dist', 'css'), { recursive: true });
  mkdirSync(join(ws, 'build'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'host secret');
  writeFileSync(join(ws, 'dist', 'app.js'), 'console.log(1)\n');
  writeFileSync(join(ws, 'dist', 'css', 'site.css'), 'body{}');
  writeFileSync(join(ws, 'build', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
  return 'resolved';
}

describe('artifact files on disk', () => {
  it('finds files under the roots, follows links inside the workspace and reports links leading out', async () => {
    symlinkSync(join(outside, 'secret'), join(ws, 'dist', 'leak'));
    symlinkSync(outside, join(ws, 'dist', 'hostdir'));
    symlinkSync(join(ws, 'build'), join(ws, 'dist', 'linked-build'));
    symlinkSync(join(ws, 'dist'), join(ws, 'dist', 'css', 'loop'));
    expect(await files.findFiles(ws, ['dist'])).toEqual({
      files: ['dist/app.js', 'dist/css/site.css', 'dist/linked-build/tool'],
      escaping: ['dist/hostdir', 'dist/leak'],
    });
    expect((await files.findFiles(ws, ['', 'nothing-here'])).files).toContain('build/tool');
  });

  it('packs files into an archive and unpacks it elsewhere byte for byte, keeping the executable bit', async () => {
    const archive = join(root, 'runner', 'artifacts', 'up.shar');
    const digest = await files.pack(
      ws,
      [
        { source: 'dist/app.js', path: 'app.js' },
        { source: 'build/tool', path: 'bin/tool' },
      ],
      archive,
    );
    const expected = archiveOf({ 'app.js': 'console.log(1)\n', 'bin/tool': '#!/bin/sh\n' }, ['bin/tool']);
    expect(readFileSync(archive)).toEqual(Buffer.from(expected));
    expect(digest).toEqual({
      size: expected.length,
      sha256: createHash('sha256').update(expected).digest('hex'),
    });
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(await files.digest(archive)).toEqual(digest);
    expect(Buffer.from(await files.readChunk(archive, 3, 10))).toEqual(Buffer.from(expected.subarray(3, 13)));

    const copy = join(root, 'download.shar');
    async function* twoPieces() {
      yield expected.subarray(0, 7);
      yield expected.subarray(7);
    }
    expect(await files.writeDownload(copy, 0, twoPieces())).toBe(expected.length);
    expect(await files.unpack(copy, ws, 'got/here')).toEqual({ files: 2, bytes: 25 });
    expect(readFileSync(join(ws, 'got/here/app.js'), 'utf8')).toBe('console.log(1)\n');
    expect(statSync(join(ws, 'got/here/bin/tool')).mode & 0o777).toBe(0o755);
    expect(statSync(join(ws, 'got/here/app.js')).mode & 0o777).toBe(0o644);
    await files.remove(copy);
    await files.remove(copy);
  });

  it('refuses to pack a file that became a link out of the workspace', async () => {
    symlinkSync(join(outside, 'secret'), join(ws, 'dist', 'leak'));
    const archive = join(root, 'a.shar');
    expect(await codeOf(files.pack(ws, [{ source: 'dist/leak', path: 'leak' }], archive))).toBe(
      'artifact.path_outside_workspace',
    );
  });

  it('never writes through a link: a link in a file’s place is replaced, a folder link out is refused', async () => {
    const archive = join(root, 'dl.shar');
    writeFileSync(archive, archiveOf({ secret: 'overwritten?', 'sub/x': 'x' }));
    symlinkSync(join(outside, 'secret'), join(ws, 'secret'));
    await files.unpack(archive, ws, '');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('host secret');
    expect(lstatSync(join(ws, 'secret')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(ws, 'secret'), 'utf8')).toBe('overwritten?');

    symlinkSync(outside, join(ws, 'escape'));
    expect(await codeOf(files.unpack(archive, ws, 'escape'))).toBe('artifact.path_outside_workspace');
    expect(await codeOf(files.unpack(archive, ws, 'escape/deeper'))).toBe('artifact.path_outside_workspace');
    symlinkSync(outside, join(ws, 'sub2'));
    writeFileSync(archive, archiveOf({ 'sub2/x': 'x' }));
    expect(await codeOf(files.unpack(archive, ws, ''))).toBe('artifact.path_outside_workspace');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('host secret');
  });

  it('follows a folder link that stays inside the workspace, and refuses a file in a folder’s way', async () => {
    symlinkSync(join(ws, 'build'), join(ws, 'out'));
    const archive = join(root, 'dl.shar');
    writeFileSync(archive, archiveOf({ 'new.txt': 'n' }));
    await files.unpack(archive, ws, 'out');
    expect(readFileSync(join(ws, 'build', 'new.txt'), 'utf8')).toBe('n');
    expect(await codeOf(files.unpack(archive, ws, 'dist/app.js'))).toBe('artifact.path_conflict');
  });

  it('refuses a malformed archive', async () => {
    const archive = join(root, 'bad.shar');
    writeFileSync(archive, 'PK\u0003\u0004');
    expect(await codeOf(files.unpack(archive, ws, 'x'))).toBe('artifact.archive_invalid');
  });
});
