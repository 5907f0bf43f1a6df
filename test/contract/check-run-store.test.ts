import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import {
  memoryTriggerBackend,
  pgliteTriggerBackend,
  postgresTriggerBackend,
} from '../support/trigger-stores.js';
import { describeCheckRunStoreContract } from './check-run-store.contract.js';

describeCheckRunStoreContract('memory', memoryTriggerBackend());
describeCheckRunStoreContract('PGlite', pgliteTriggerBackend());
describePostgres(`CheckRunStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeCheckRunStoreContract('PostgreSQL', postgresTriggerBackend()),
);
