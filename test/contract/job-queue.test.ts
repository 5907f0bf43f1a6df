import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, memoryJobBackend } from '../support/job-seed.js';
import { describeJobQueueContract } from './job-queue.contract.js';

describeJobQueueContract('memory', async () => memoryJobBackend());

describeJobQueueContract('PGlite', async () => databaseJobBackend(await openTestPglite(), resetDatabase));

describePostgres(`JobQueue on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeJobQueueContract('PostgreSQL', async () =>
    databaseJobBackend(await openTestPostgres(8), resetDatabase),
  );
});
