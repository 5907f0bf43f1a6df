import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, memoryJobBackend } from '../support/job-seed.js';
import { describeJobLifecycleContract } from './job-lifecycle.contract.js';

describeJobLifecycleContract('memory', async () => memoryJobBackend());

describeJobLifecycleContract('PGlite', async () => databaseJobBackend(await openTestPglite(), resetDatabase));

describePostgres(`JobLifecycle on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeJobLifecycleContract('PostgreSQL', async () =>
    databaseJobBackend(await openTestPostgres(8), resetDatabase),
  );
});
