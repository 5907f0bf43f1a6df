import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseRunReadBackend, memoryRunReadBackend } from '../support/run-read-world.js';
import { describeRunApprovalContract } from './run-approval.contract.js';
import { describeRunQueriesContract } from './run-queries.contract.js';

describeRunQueriesContract('memory', async () => memoryRunReadBackend());
describeRunApprovalContract('memory', async () => memoryRunReadBackend());

describeRunQueriesContract('PGlite', async () =>
  databaseRunReadBackend(await openTestPglite(), resetDatabase),
);
describeRunApprovalContract('PGlite', async () =>
  databaseRunReadBackend(await openTestPglite(), resetDatabase),
);

describePostgres(`RunQueries and approvals on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRunQueriesContract('PostgreSQL', async () =>
    databaseRunReadBackend(await openTestPostgres(4), resetDatabase),
  );
  describeRunApprovalContract('PostgreSQL', async () =>
    databaseRunReadBackend(await openTestPostgres(4), resetDatabase),
  );
});
