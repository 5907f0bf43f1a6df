/**
 * The object store and the cluster lock `shithubd` runs with (SPEC §18): files under
 * `<data_dir>/objects` by default, S3/MinIO with `storage.kind = "s3"`; advisory locks on
 * PostgreSQL, an in-process lock on the embedded database (one process holds it).
 */
import { join } from 'node:path';
import { InProcessClusterLock } from '../../adapters/memory/cluster-lock.js';
import { PgAdvisoryLock } from '../../adapters/postgres/advisory-lock.js';
import { FsObjectStore } from '../../adapters/storage/fs-object-store.js';
import { S3ObjectStore } from '../../adapters/storage/s3-object-store.js';
import type { ClusterLock } from '../../ports/cluster-lock.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { ServerConfig } from './config.js';

/** Where `storage.endpoint` points: `host`, `host:port`, or an http(s) URL whose scheme sets TLS. */
export function parseEndpoint(
  endpoint: string,
  useSsl: boolean,
): { endPoint: string; port?: number; useSsl: boolean } {
  const url = new URL(endpoint.includes('://') ? endpoint : `${useSsl ? 'https' : 'http'}://${endpoint}`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    endPoint: hostname,
    ...(url.port !== '' && { port: Number(url.port) }),
    useSsl: url.protocol === 'https:',
  };
}

/** The configured object store; nothing is contacted until it is used. */
export function openObjectStore(config: ServerConfig): ObjectStore {
  const s = config.storage;
  if (s.kind === 'fs') return new FsObjectStore(join(config.dataDir, 'objects'));
  return S3ObjectStore.connect({
    ...parseEndpoint(s.endpoint, s.useSsl),
    accessKey: s.accessKey,
    secretKey: s.secretKey,
    region: s.region,
    bucket: s.bucket,
  });
}

/** The cluster lock for the configured database, and how to release its connections. */
export function openClusterLock(config: ServerConfig): { lock: ClusterLock; close(): Promise<void> } {
  if (!config.database.url) return { lock: new InProcessClusterLock(), close: async () => {} };
  const lock = PgAdvisoryLock.open(config.database.url);
  return { lock, close: () => lock.close() };
}
