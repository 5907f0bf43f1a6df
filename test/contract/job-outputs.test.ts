import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, memoryJobBackend } from '../support/job-seed.js';
import { describeJobOutputsContract } from './job-outputs.contract.js';

describeJobOutputsContract('memory', async () => memoryJobBackend());

describeJobOutputsContract('PGlite', async () => databaseJobBackend(await openTestPglite(), resetDatabase));

describePostgres(`Job outputs on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeJobOutputsContract('PostgreSQL', async () =>
    databaseJobBackend(await openTestPostgres(4), resetDatabase),
  );
});
