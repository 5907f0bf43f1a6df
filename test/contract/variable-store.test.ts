import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeVariableStoreContract } from './variable-store.contract.js';

describeVariableStoreContract('memory', memoryBackend());
describeVariableStoreContract('PGlite', pgliteBackend());
describePostgres(`VariableStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeVariableStoreContract('PostgreSQL', postgresBackend()),
);
