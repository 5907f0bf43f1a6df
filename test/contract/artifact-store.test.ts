import { MemoryArtifactStore } from '../../src/adapters/memory/artifact-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { PgArtifactStore } from '../../src/adapters/postgres/artifact-store.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { memoryStores, pgStores } from '../adapters/http/runner-api/runner-api-world.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { type ArtifactBackend, describeArtifactStoreContract } from './artifact-store.contract.js';

function memoryBackend(): ArtifactBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return { stores: memoryStores(state), artifacts: new MemoryArtifactStore(state) };
    },
    close: async () => {},
  };
}

function databaseBackend(opened: OpenDatabase): ArtifactBackend {
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return { stores: pgStores(opened.db), artifacts: new PgArtifactStore(opened.db) };
    },
    close: () => opened.close(),
  };
}

describeArtifactStoreContract('memory', async () => memoryBackend());

describeArtifactStoreContract('PGlite', async () => databaseBackend(await openTestPglite()));

describePostgres(`ArtifactStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeArtifactStoreContract('PostgreSQL', async () => databaseBackend(await openTestPostgres(8)));
});
