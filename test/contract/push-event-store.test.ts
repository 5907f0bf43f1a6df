import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import {
  memoryTriggerBackend,
  pgliteTriggerBackend,
  postgresTriggerBackend,
} from '../support/trigger-stores.js';
import { describePushEventStoreContract } from './push-event-store.contract.js';

describePushEventStoreContract('memory', memoryTriggerBackend());
describePushEventStoreContract('PGlite', pgliteTriggerBackend());
describePostgres(`PushEventStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describePushEventStoreContract('PostgreSQL', postgresTriggerBackend()),
);
