/**
 * The retention sweep on memory (with the filesystem object store), and on PGlite and
 * PostgreSQL with the S3 object store against s3rver (or MinIO, see s3-server.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../../src/adapters/storage/fs-object-store.js';
import { S3ObjectStore } from '../../src/adapters/storage/s3-object-store.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
} from '../support/databases.js';
import { databaseRetentionBackend, memoryRetentionBackend } from '../support/retention-world.js';
import { startS3Server } from '../support/s3-server.js';
import { describeRetentionSweepContract, type SweepStorage } from './retention-sweep.contract.js';

async function fsStorage(): Promise<SweepStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-sweep-'));
  return {
    objects: new FsObjectStore(join(dir, 'objects')),
    clear: async () => rmSync(join(dir, 'objects'), { recursive: true, force: true }),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function s3Storage(): Promise<SweepStorage> {
  const server = await startS3Server();
  const objects = S3ObjectStore.connect(server.settings);
  return {
    objects,
    clear: async () => {
      for (const o of await objects.list('')) await objects.delete(o.key);
    },
    close: () => server.close(),
  };
}

describeRetentionSweepContract(
  'memory database, filesystem objects',
  async () => memoryRetentionBackend(),
  fsStorage,
);

describeRetentionSweepContract(
  'PGlite, S3 objects',
  async () => databaseRetentionBackend(await openTestPglite()),
  s3Storage,
);

describePostgres(`retention sweep on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRetentionSweepContract(
    'PostgreSQL, S3 objects',
    async () => databaseRetentionBackend(await openTestPostgres(6)),
    s3Storage,
  );
});
