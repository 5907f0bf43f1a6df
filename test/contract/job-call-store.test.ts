import { and, eq } from 'drizzle-orm';
import { MemoryState } from '../../src/adapters/memory/state.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { workflowStepLogChunks } from '../../src/adapters/postgres/schema.js';
import { memoryStores, pgStores } from '../adapters/http/runner-api/runner-api-world.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { describeJobCallStoreContract, type JobCallBackend } from './job-call-store.contract.js';
import { describeLogAppendContract } from './log-append.contract.js';

function memoryBackend(): JobCallBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return {
        stores: memoryStores(state),
        readChunk: async (stepId, seq) =>
          state.tables.logChunks.find((c) => c.stepId === stepId && c.seq === seq)?.chunk,
      };
    },
    close: async () => {},
  };
}

function databaseBackend(opened: OpenDatabase): JobCallBackend {
  const c = workflowStepLogChunks;
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return {
        stores: pgStores(opened.db),
        readChunk: async (stepId, seq) => {
          const [row] = await opened.db
            .select()
            .from(c)
            .where(and(eq(c.stepId, stepId), eq(c.seq, seq)));
          return row?.chunk;
        },
      };
    },
    close: () => opened.close(),
  };
}

describeJobCallStoreContract('memory', async () => memoryBackend());
describeLogAppendContract('memory', async () => memoryBackend());

describeJobCallStoreContract('PGlite', async () => databaseBackend(await openTestPglite()));
describeLogAppendContract('PGlite', async () => databaseBackend(await openTestPglite()));

describePostgres(`JobCallStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeJobCallStoreContract('PostgreSQL', async () => databaseBackend(await openTestPostgres(8)));
  describeLogAppendContract('PostgreSQL', async () => databaseBackend(await openTestPostgres(8)));
});
