import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { InProcessClusterLock } from '../../src/adapters/memory/cluster-lock.js';
import { PgAdvisoryLock } from '../../src/adapters/postgres/advisory-lock.js';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../support/databases.js';
import { describeClusterLockContract } from './cluster-lock.contract.js';

describeClusterLockContract('in-process', async () => {
  const lock = new InProcessClusterLock();
  return { a: lock, b: lock, close: async () => {} };
});

describePostgres(`ClusterLock on PostgreSQL advisory locks${POSTGRES_SKIP_NOTE}`, () => {
  const name = `shithub_lock_${process.pid}_${Date.now().toString(36)}`;
  let url = '';
  let admin: postgres.Sql;
  beforeAll(async () => {
    admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  });

  describeClusterLockContract('two replicas', async () => {
    const [a, b] = [PgAdvisoryLock.open(url), PgAdvisoryLock.open(url)];
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });
});
