import { describePostgres, POSTGRES_SKIP_NOTE } from '../support/databases.js';
import { memoryBackend, pgliteBackend, postgresBackend } from '../support/forge-stores.js';
import { describeRepoStoreContract } from './repo-store.contract.js';

describeRepoStoreContract('memory', memoryBackend());
describeRepoStoreContract('PGlite', pgliteBackend());
describePostgres(`RepoStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () =>
  describeRepoStoreContract('PostgreSQL', postgresBackend()),
);
