/**
 * The ObjectStore contract on memory, the filesystem and S3: s3rver started by the suite
 * (nothing external needed, so it never skips), or MinIO when SHITHUB_TEST_S3_ENDPOINT is
 * set. The S3 store runs with a 5 MiB part size so the large case is a multipart upload.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../src/adapters/memory/object-store.js';
import { FsObjectStore } from '../../src/adapters/storage/fs-object-store.js';
import { S3ObjectStore } from '../../src/adapters/storage/s3-object-store.js';
import { startS3Server } from '../support/s3-server.js';
import { bodyOf, describeObjectStoreContract } from './object-store.contract.js';

const PART_BYTES = 5 * 1024 * 1024;
const enc = (text: string) => new TextEncoder().encode(text);

describeObjectStoreContract(
  'memory',
  async () => {
    const store = new MemoryObjectStore();
    return { store, clear: async () => store.objects.clear(), close: async () => {} };
  },
  { largeBytes: 3 * 1024 * 1024 },
);

describeObjectStoreContract(
  'filesystem',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-objects-'));
    const root = join(dir, 'objects');
    return {
      store: new FsObjectStore(root),
      clear: async () => rmSync(root, { recursive: true, force: true }),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { largeBytes: 3 * 1024 * 1024 },
);

describeObjectStoreContract(
  `S3 (${process.env.SHITHUB_TEST_S3_ENDPOINT ? 'MinIO' : 's3rver'})`,
  async () => {
    const server = await startS3Server();
    const store = S3ObjectStore.connect({ ...server.settings, partSize: PART_BYTES });
    return {
      store,
      clear: async () => {
        for (const o of await store.list('')) await store.delete(o.key);
      },
      close: () => server.close(),
    };
  },
  { largeBytes: 2 * PART_BYTES + 12_345 },
);

describe('FsObjectStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-objects-'));
  const root = join(dir, 'objects');
  const store = new FsObjectStore(root);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps objects at <root>/<key> with mode 0600 in folders of mode 0700', async () => {
    await store.put('actions/runs/7/jobs/8/steps/0.log', bodyOf(enc('log')), 3);
    const file = join(root, 'actions/runs/7/jobs/8/steps/0.log');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'actions/runs/7')).mode & 0o777).toBe(0o700);
  });

  it('leaves no temp file behind, after a put or a failed put', async () => {
    await store.put('t/ok', bodyOf(enc('abc')), 3);
    await expect(store.put('t/bad', bodyOf(enc('abc')), 9)).rejects.toThrow(/ended after 3 of 9/);
    expect(readdirSync(join(root, '.partial'))).toEqual([]);
    expect(existsSync(join(root, 't/bad'))).toBe(false);
  });

  it('removes the folders a delete leaves empty, up to the root', async () => {
    await store.put('p/q/r/s.log', bodyOf(enc('x')), 1);
    await store.put('p/keep.log', bodyOf(enc('y')), 1);
    await store.delete('p/q/r/s.log');
    expect(existsSync(join(root, 'p/q'))).toBe(false);
    expect(existsSync(join(root, 'p/keep.log'))).toBe(true);
  });

  it('reserves the .partial folder: its keys are refused and never listed', async () => {
    await expect(store.put('.partial/x', bodyOf(enc('x')), 1)).rejects.toThrow(/reserved/);
    await store.put('z/x', bodyOf(enc('x')), 1);
    expect((await store.list('')).map((o) => o.key)).not.toContain(expect.stringMatching(/^\.partial/));
    expect(await store.list('.partial/')).toEqual([]);
  });
});
