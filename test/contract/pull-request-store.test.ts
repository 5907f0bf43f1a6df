import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import {
  memoryTriggerBackend,
  pgliteTriggerBackend,
  postgresTriggerBackend,
} from '../support/trigger-stores.js';
import { describePullRequestStoreContract } from './pull-request-store.contract.js';

describePullRequestStoreContract('memory', memoryTriggerBackend());
describePullRequestStoreContract('PGlite', pgliteTriggerBackend());
describePostgres(`PullRequestStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describePullRequestStoreContract('PostgreSQL', postgresTriggerBackend()),
);
