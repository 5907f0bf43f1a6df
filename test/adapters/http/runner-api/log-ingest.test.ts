import { asc, eq } from 'drizzle-orm';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import type { OpenDatabase } from '../../../../src/adapters/postgres/database.js';
import { workflowStepLogChunks } from '../../../../src/adapters/postgres/schema.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../../../support/databases.js';
import { describeLogIngestContract, type LogIngestBackend } from './log-ingest.contract.js';
import { memoryStores, pgStores } from './runner-api-world.js';

function memoryBackend(): LogIngestBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return {
        stores: memoryStores(state),
        chunks: async (stepId) =>
          state.tables.logChunks
            .filter((c) => c.stepId === stepId)
            .sort((a, b) => a.seq - b.seq)
            .map((c) => c.chunk),
      };
    },
    close: async () => {},
  };
}

function databaseBackend(opened: OpenDatabase): LogIngestBackend {
  const c = workflowStepLogChunks;
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return {
        stores: pgStores(opened.db),
        chunks: async (stepId) =>
          (await opened.db.select().from(c).where(eq(c.stepId, stepId)).orderBy(asc(c.seq))).map(
            (r) => r.chunk,
          ),
      };
    },
    close: () => opened.close(),
  };
}

describeLogIngestContract('memory', async () => memoryBackend());

describeLogIngestContract('PGlite', async () => databaseBackend(await openTestPglite()));

describePostgres(`log ingest on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeLogIngestContract('PostgreSQL', async () => databaseBackend(await openTestPostgres(8)));
});
