import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, memoryJobBackend } from '../support/job-seed.js';
import { describeRunStoreContract } from './run-store.contract.js';

describeRunStoreContract('memory', async () => memoryJobBackend());

describeRunStoreContract('PGlite', async () => databaseJobBackend(await openTestPglite(), resetDatabase));

describePostgres(`RunStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRunStoreContract('PostgreSQL', async () =>
    databaseJobBackend(await openTestPostgres(8), resetDatabase),
  );
});
