import { afterAll, describe } from 'vitest';
import { MemoryRateBuckets } from '../../src/adapters/memory/rate-buckets.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgRateBuckets } from '../../src/adapters/postgres/rate-buckets.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { dbSeed } from '../support/job-seed.js';
import { describeRateBucketsContract } from './rate-buckets.contract.js';

describeRateBucketsContract('memory', async () => ({ buckets: new MemoryRateBuckets(), runnerIds: [1, 2] }));

/** Opens the database once for the suite; each test gets it reset with two runners. */
function onDatabase(openDb: () => Promise<OpenDatabase>) {
  let opened: Promise<OpenDatabase> | undefined;
  afterAll(async () => (await opened)?.close());
  return async () => {
    opened ??= openDb();
    const db = await opened;
    await resetDatabase(db);
    const seed = dbSeed(db.db);
    const runnerIds: [number, number] = [await seed.runner(), await seed.runner()];
    return { buckets: new PgRateBuckets(db.db), runnerIds };
  };
}

describe('on PGlite', () => {
  describeRateBucketsContract('PGlite', onDatabase(openTestPglite));
});

describePostgres(`RateBuckets on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRateBucketsContract(
    'PostgreSQL',
    onDatabase(() => openTestPostgres(8)),
  );
});
