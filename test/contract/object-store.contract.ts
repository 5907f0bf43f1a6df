import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import type { ObjectStore } from '../../src/ports/object-store.js';

export interface ObjectStoreHarness {
  store: ObjectStore;
  /** Empties the store for the next test. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface ObjectStoreOptions {
  /** Size of the "large object" case; above the S3 part size it exercises multipart. */
  largeBytes: number;
}

const enc = (text: string) => new TextEncoder().encode(text);

/** The body as an async iterable of `pieceBytes`-sized pieces. */
export async function* bodyOf(bytes: Uint8Array, pieceBytes = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += pieceBytes) yield bytes.subarray(at, at + pieceBytes);
}

export async function collect(body: AsyncIterable<Uint8Array> | undefined): Promise<string | undefined> {
  if (!body) return undefined;
  const parts: Buffer[] = [];
  for await (const piece of body) parts.push(Buffer.from(piece));
  return Buffer.concat(parts).toString('latin1');
}

const BAD_KEYS: [string, string][] = [
  ['empty', ''],
  ['absolute', '/actions/runs/1/a.log'],
  ['a parent segment', 'actions/runs/../1/a.log'],
  ['a dot segment', 'actions/./a.log'],
  ['an empty segment', 'actions//a.log'],
  ['a trailing slash', 'actions/runs/'],
  ['a backslash', 'actions\\runs\\a.log'],
  ['NUL', 'actions/a\0.log'],
];

/** Runs the ObjectStore contract against one store. */
export function describeObjectStoreContract(
  name: string,
  open: () => Promise<ObjectStoreHarness>,
  opts: ObjectStoreOptions,
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let h: ObjectStoreHarness;
    let store: ObjectStore;
    const put = (key: string, text: string) => store.put(key, bodyOf(enc(text), 3), enc(text).length);
    const read = async (key: string, range?: { offset: number; length?: number }) =>
      collect(await store.get(key, range));

    beforeAll(async () => {
      h = await open();
      store = h.store;
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(async () => {
      await h.clear();
    });

    it('stores an object and reads it back whole, with its size', async () => {
      await put('actions/runs/1/jobs/2/steps/0.log', 'hello, log\n');
      expect(await read('actions/runs/1/jobs/2/steps/0.log')).toBe('hello, log\n');
      expect(await store.stat('actions/runs/1/jobs/2/steps/0.log')).toEqual({
        key: 'actions/runs/1/jobs/2/steps/0.log',
        size: 11,
      });
    });

    it('answers undefined for a missing object on get and stat', async () => {
      await put('actions/runs/1/a.log', 'x');
      expect(await store.get('actions/runs/1/b.log')).toBeUndefined();
      expect(await store.get('actions/runs/1/b.log', { offset: 1, length: 2 })).toBeUndefined();
      expect(await store.stat('actions/runs/1/b.log')).toBeUndefined();
      expect(await store.stat('actions/runs/1')).toBeUndefined();
    });

    it('replaces an object on a second put, and a repeated put of the same bytes changes nothing', async () => {
      await put('k/a', 'first version');
      await put('k/a', 'second');
      expect(await read('k/a')).toBe('second');
      await put('k/a', 'second');
      expect(await store.stat('k/a')).toEqual({ key: 'k/a', size: 6 });
    });

    it.each([
      ['a middle range', { offset: 6, length: 3 }, 'wor'],
      ['from an offset to the end', { offset: 6 }, 'world'],
      ['a range running past the end (cut)', { offset: 8, length: 100 }, 'rld'],
      ['a range starting at the end', { offset: 11 }, ''],
      ['a range starting past the end', { offset: 50, length: 2 }, ''],
      ['a zero-length range', { offset: 3, length: 0 }, ''],
      ['the whole object as a range', { offset: 0, length: 11 }, 'hello world'],
    ])('reads %s', async (_name, range, expected) => {
      await put('r/x', 'hello world');
      expect(await read('r/x', range)).toBe(expected);
    });

    it('stores and reads an empty object', async () => {
      await put('e/empty.log', '');
      expect(await read('e/empty.log')).toBe('');
      expect(await read('e/empty.log', { offset: 0 })).toBe('');
      expect(await store.stat('e/empty.log')).toEqual({ key: 'e/empty.log', size: 0 });
    });

    it('deletes an object, and deleting a missing one succeeds', async () => {
      await put('d/a', 'a');
      await store.delete('d/a');
      expect(await store.stat('d/a')).toBeUndefined();
      await store.delete('d/a');
      await store.delete('d/never');
    });

    it('lists the objects under a prefix in key order, whole segments or not', async () => {
      for (const key of ['actions/runs/10/x', 'actions/runs/1/b', 'actions/runs/1/a/c', 'other/z']) {
        await put(key, key);
      }
      const keys = async (prefix: string) => (await store.list(prefix)).map((o) => o.key);
      expect(await keys('actions/runs/1/')).toEqual(['actions/runs/1/a/c', 'actions/runs/1/b']);
      expect(await keys('actions/runs/1')).toEqual([
        'actions/runs/1/a/c',
        'actions/runs/1/b',
        'actions/runs/10/x',
      ]);
      expect(await keys('')).toEqual([
        'actions/runs/1/a/c',
        'actions/runs/1/b',
        'actions/runs/10/x',
        'other/z',
      ]);
      expect(await keys('nothing/')).toEqual([]);
      expect(await store.list('actions/runs/1/b')).toEqual([{ key: 'actions/runs/1/b', size: 16 }]);
    });

    it.each([
      ['ends short', 'abc', 5],
      ['runs long', 'abcdef', 4],
      ['is not empty for size 0', 'abc', 0],
    ])('fails a put whose body %s and keeps the old object', async (_name, text, size) => {
      await put('s/a', 'old');
      await expect(store.put('s/a', bodyOf(enc(text), 2), size)).rejects.toThrow();
      expect(await read('s/a')).toBe('old');
      await expect(store.put('s/new', bodyOf(enc(text), 2), size)).rejects.toThrow();
      expect(await store.stat('s/new')).toBeUndefined();
    });

    it.each(BAD_KEYS)('refuses a key with %s as invalid before any I/O', async (_name, key) => {
      const refused = async (attempt: () => Promise<unknown>) => {
        const err = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDomainError(err) && err.code === 'object.key_invalid').toBe(true);
      };
      await refused(() => store.put(key, bodyOf(enc('x')), 1));
      await refused(() => store.get(key));
      await refused(() => store.stat(key));
      await refused(() => store.delete(key));
    });

    it('round-trips a large object byte for byte', async () => {
      const large = new Uint8Array(opts.largeBytes);
      for (let i = 0; i < large.length; i++) large[i] = (i * 7919) & 0xff;
      await store.put('big/blob.bin', bodyOf(large, 1024 * 1024), large.length);
      expect(await store.stat('big/blob.bin')).toEqual({ key: 'big/blob.bin', size: large.length });
      const hash = createHash('sha256');
      for await (const piece of (await store.get('big/blob.bin'))!) hash.update(piece);
      expect(hash.digest('hex')).toBe(createHash('sha256').update(large).digest('hex'));
      const tail = await read('big/blob.bin', { offset: large.length - 3 });
      expect(Buffer.from(tail!, 'latin1')).toEqual(Buffer.from(large.subarray(large.length - 3)));
    });
  });
}
