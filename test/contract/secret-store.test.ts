import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeSecretStoreContract } from './secret-store.contract.js';

describeSecretStoreContract('memory', memoryBackend());
describeSecretStoreContract('PGlite', pgliteBackend());
describePostgres(`SecretStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeSecretStoreContract('PostgreSQL', postgresBackend()),
);
