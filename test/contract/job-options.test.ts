import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, memoryJobBackend } from '../support/job-seed.js';
import { describeJobOptionsContract } from './job-options.contract.js';

describeJobOptionsContract('memory', async () => memoryJobBackend());

describeJobOptionsContract('PGlite', async () => databaseJobBackend(await openTestPglite(), resetDatabase));

describePostgres(`Job options on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeJobOptionsContract('PostgreSQL', async () =>
    databaseJobBackend(await openTestPostgres(4), resetDatabase),
  );
});
