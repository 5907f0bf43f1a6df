import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeAccessTokenStoreContract } from './access-token-store.contract.js';

describeAccessTokenStoreContract('memory', memoryBackend());
describeAccessTokenStoreContract('PGlite', pgliteBackend());
describePostgres(`AccessTokenStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeAccessTokenStoreContract('PostgreSQL', postgresBackend()),
);
