/**
 * From `storage.*` to a working object store (SPEC §3.1, §18): the endpoint forms an
 * operator may write, the embedded default on the filesystem, and an S3 configuration file
 * setting every key that loads and stores objects in a real S3-speaking server (s3rver, or
 * MinIO with SHITHUB_TEST_S3_ENDPOINT; see test/support/s3-server.ts).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../src/adapters/storage/fs-object-store.js';
import { S3ObjectStore } from '../../src/adapters/storage/s3-object-store.js';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { openObjectStore, parseEndpoint } from '../../src/apps/shithubd/storage.js';
import { type S3TestServer, startS3Server } from '../support/s3-server.js';

const bodyOf = (text: string) =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

async function textOf(body: AsyncIterable<Uint8Array> | undefined): Promise<string | undefined> {
  if (!body) return undefined;
  const parts: Uint8Array[] = [];
  for await (const piece of body) parts.push(piece);
  return Buffer.concat(parts).toString();
}

describe('storage configuration', () => {
  it.each([
    ['a host', 'minio.internal', true, { endPoint: 'minio.internal', useSsl: true }],
    [
      'a host and port without TLS',
      'minio.internal:9000',
      false,
      { endPoint: 'minio.internal', port: 9000, useSsl: false },
    ],
    [
      'an http URL, whatever use_ssl says',
      'http://10.0.0.5:9000',
      true,
      { endPoint: '10.0.0.5', port: 9000, useSsl: false },
    ],
    ['an https URL', 'https://s3.example.test/', false, { endPoint: 's3.example.test', useSsl: true }],
    ['a bracketed IPv6 address', '[::1]:9000', false, { endPoint: '::1', port: 9000, useSsl: false }],
  ])('reads the endpoint from %s', (_name, endpoint, useSsl, expected) => {
    expect(parseEndpoint(endpoint, useSsl)).toEqual(expected);
  });

  it('keeps objects under <data_dir>/objects by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-store-cfg-'));
    try {
      const store = openObjectStore(loadServerConfig({ env: {}, cwd: dir }));
      expect(store).toBeInstanceOf(FsObjectStore);
      await store.put('actions/runs/1/jobs/2/steps/0.log', bodyOf('log'), 3);
      expect(statSync(join(dir, '.shithub/objects/actions/runs/1/jobs/2/steps/0.log')).size).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('an S3 configuration file with every key', () => {
    let server: S3TestServer;
    let dir: string;
    beforeAll(async () => {
      server = await startS3Server();
      dir = mkdtempSync(join(tmpdir(), 'shithub-s3-cfg-'));
    });
    afterAll(async () => {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads, and its store writes, reads, lists and deletes objects in the bucket', async () => {
      const s = server.settings;
      const file = join(dir, 'config.toml');
      writeFileSync(
        file,
        [
          '[storage]',
          'kind = "s3"',
          `endpoint = "${s.endPoint}:${s.port}"`,
          `bucket = "${s.bucket}"`,
          `access_key = "${s.accessKey}"`,
          `secret_key = "${s.secretKey}"`,
          `region = "${s.region}"`,
          `use_ssl = ${s.useSsl}`,
          '',
        ].join('\n'),
      );
      const store = openObjectStore(loadServerConfig({ env: {}, cwd: dir, configFlag: file }));
      expect(store).toBeInstanceOf(S3ObjectStore);
      const key = 'actions/runs/7/jobs/8/steps/1.log';
      await store.put(key, bodyOf('from the configured bucket\n'), 27);
      expect(await store.stat(key)).toEqual({ key, size: 27 });
      expect(await textOf(await store.get(key, { offset: 5, length: 3 }))).toBe('the');
      expect(await store.list('actions/runs/7/')).toEqual([{ key, size: 27 }]);
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
    });
  });
});
