import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeUserStoreContract } from './user-store.contract.js';

describeUserStoreContract('memory', memoryBackend());
describeUserStoreContract('PGlite', pgliteBackend());
describePostgres(`UserStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeUserStoreContract('PostgreSQL', postgresBackend()),
);
