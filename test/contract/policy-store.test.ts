import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describePolicyStoreContract } from './policy-store.contract.js';

describePolicyStoreContract('memory', memoryBackend());
describePolicyStoreContract('PGlite', pgliteBackend());
describePostgres(`PolicyStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describePolicyStoreContract('PostgreSQL', postgresBackend()),
);
