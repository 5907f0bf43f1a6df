import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryStepLogArchive } from '../../src/adapters/memory/step-log-archive.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgStepLogArchive } from '../../src/adapters/postgres/step-log-archive.js';
import { memoryStores, pgStores } from '../adapters/http/runner-api/runner-api-world.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { describeLogFinalisationContract, type FinalisationBackend } from './log-finalisation.contract.js';

function databaseBackend(opened: OpenDatabase): FinalisationBackend {
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return { stores: pgStores(opened.db), stepLogs: new PgStepLogArchive(opened.db) };
    },
    close: () => opened.close(),
  };
}

describeLogFinalisationContract('memory', async () => ({
  fresh: async () => {
    const state = new MemoryState();
    return { stores: memoryStores(state), stepLogs: new MemoryStepLogArchive(state) };
  },
  close: async () => {},
}));

describeLogFinalisationContract('PGlite', async () => databaseBackend(await openTestPglite()));

describePostgres(`log finalisation on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeLogFinalisationContract('PostgreSQL', async () => databaseBackend(await openTestPostgres(6)));
});
