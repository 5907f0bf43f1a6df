import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeSessionStoreContract } from './session-store.contract.js';

describeSessionStoreContract('memory', memoryBackend());
describeSessionStoreContract('PGlite', pgliteBackend());
describePostgres(`SessionStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeSessionStoreContract('PostgreSQL', postgresBackend()),
);
