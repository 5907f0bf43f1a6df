import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import {
  memoryTriggerBackend,
  pgliteTriggerBackend,
  postgresTriggerBackend,
} from '../support/trigger-stores.js';
import { describeTriggerRunsContract } from './trigger-runs.contract.js';

describeTriggerRunsContract('memory', memoryTriggerBackend());
describeTriggerRunsContract('PGlite', pgliteTriggerBackend());
describePostgres(`TriggerRuns on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeTriggerRunsContract('PostgreSQL', postgresTriggerBackend()),
);
