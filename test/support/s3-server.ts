/**
 * A real S3-speaking server for the S3 object store's tests: MinIO when
 * SHITHUB_TEST_S3_ENDPOINT points at one (with SHITHUB_TEST_S3_ACCESS_KEY, _SECRET_KEY and
 * _BUCKET), else `@20minutes/s3rver` started here on 127.0.0.1, port 0, in a temp folder.
 * Either way each call gets a bucket of its own (on MinIO named `<_BUCKET>-<pid>-<n>`,
 * created here and removed on close), so suites running in parallel never share objects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Minio from 'minio';
import type { S3Settings } from '../../src/adapters/storage/s3-object-store.js';

export interface S3TestServer {
  /** `s3rver` or `MinIO at <endpoint>`. */
  kind: string;
  settings: S3Settings;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);
let counter = 0;

export async function startS3Server(): Promise<S3TestServer> {
  const endpoint = process.env.SHITHUB_TEST_S3_ENDPOINT;
  return endpoint ? openMinio(endpoint) : startS3rver();
}

async function startS3rver(): Promise<S3TestServer> {
  const S3rver = require('@20minutes/s3rver') as S3rverClass;
  const directory = mkdtempSync(join(tmpdir(), 'shithub-s3rver-'));
  const bucket = 'shithub-test';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  return {
    kind: 's3rver',
    settings: {
      endPoint: '127.0.0.1',
      port: address.port,
      useSsl: false,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      region: 'us-east-1',
      bucket,
    },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function openMinio(endpoint: string): Promise<S3TestServer> {
  const url = new URL(endpoint.includes('://') ? endpoint : `http://${endpoint}`);
  const useSsl = url.protocol === 'https:';
  const settings: S3Settings = {
    endPoint: url.hostname,
    port: Number(url.port || (useSsl ? 443 : 80)),
    useSsl,
    accessKey: process.env.SHITHUB_TEST_S3_ACCESS_KEY ?? '',
    secretKey: process.env.SHITHUB_TEST_S3_SECRET_KEY ?? '',
    region: 'us-east-1',
    bucket: `${process.env.SHITHUB_TEST_S3_BUCKET ?? 'shithub-test'}-${process.pid}-${counter++}`,
  };
  const client = new Minio.Client({
    endPoint: settings.endPoint,
    port: settings.port,
    useSSL: useSsl,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    region: settings.region,
  });
  await client.makeBucket(settings.bucket, settings.region);
  return {
    kind: `MinIO at ${endpoint}`,
    settings,
    close: async () => {
      const names: string[] = [];
      for await (const item of client.listObjectsV2(settings.bucket, '', true)) {
        const { name } = item as Minio.BucketItem;
        if (name) names.push(name);
      }
      if (names.length > 0) await client.removeObjects(settings.bucket, names);
      await client.removeBucket(settings.bucket);
    },
  };
}
