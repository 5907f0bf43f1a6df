/**
 * Worlds for the read side of runs (RunQueries) and for approvals: the job ports of
 * `job-seed.ts` plus `RunQueries`, with seeding for rows other areas write (log chunks
 * from the runner API, approval requests from the trigger path).
 */
import { MemoryAnnotationStore } from '../../src/adapters/memory/annotation-store.js';
import { MemoryJobLifecycle } from '../../src/adapters/memory/job-lifecycle.js';
import { MemoryJobQueue } from '../../src/adapters/memory/job-queue.js';
import { MemoryRunQueries } from '../../src/adapters/memory/run-queries.js';
import { MemoryRunStore } from '../../src/adapters/memory/run-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { PgAnnotationStore } from '../../src/adapters/postgres/annotation-store.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgJobLifecycle } from '../../src/adapters/postgres/job-lifecycle.js';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue.js';
import { PgRunQueries } from '../../src/adapters/postgres/run-queries.js';
import { PgRunStore } from '../../src/adapters/postgres/run-store.js';
import * as s from '../../src/adapters/postgres/schema.js';
import type { RunQueries } from '../../src/ports/run-queries.js';
import { FakeClock } from './fake-clock.js';
import { dbSeed, type JobWorld, memorySeed } from './job-seed.js';
import { SeqRandom } from './seq-random.js';

export interface RunReadWorld extends JobWorld {
  runQueries: RunQueries;
  /** Stores one log chunk as the runner API would. */
  addLogChunk(stepId: number, seq: number, text: string): Promise<void>;
  /** Stores the approval request a trigger records for an untrusted run. */
  requestApproval(runId: number, reason: string, at: Date): Promise<void>;
}

export interface RunReadBackend {
  fresh(): Promise<RunReadWorld>;
  close(): Promise<void>;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const bytes = (text: string) => new TextEncoder().encode(text);

export function memoryRunReadBackend(): RunReadBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return {
        runs: new MemoryRunStore(state),
        queue: new MemoryJobQueue(state),
        lifecycle: new MemoryJobLifecycle(state),
        annotations: new MemoryAnnotationStore(state),
        runQueries: new MemoryRunQueries(state),
        seed: memorySeed(state),
        clock: new FakeClock(T0),
        random: new SeqRandom(),
        addLogChunk: async (stepId, seq, text) => {
          state.tables.logChunks.push({ stepId, seq, chunk: bytes(text), createdAt: T0 });
        },
        requestApproval: async (runId, reason, at) => {
          state.tables.runApprovals.set(runId, {
            runId,
            requestedReason: reason,
            requestedAt: at,
            approvedByUserId: null,
            approvedAt: null,
            rejectedByUserId: null,
            rejectedAt: null,
          });
        },
      };
    },
    close: async () => {},
  };
}

export function databaseRunReadBackend(
  opened: OpenDatabase,
  reset: (o: OpenDatabase) => Promise<void>,
): RunReadBackend {
  return {
    fresh: async () => {
      await reset(opened);
      const db = opened.db;
      return {
        runs: new PgRunStore(db),
        queue: new PgJobQueue(db),
        annotations: new PgAnnotationStore(db),
        lifecycle: new PgJobLifecycle(db),
        runQueries: new PgRunQueries(db),
        seed: dbSeed(db),
        clock: new FakeClock(T0),
        random: new SeqRandom(),
        addLogChunk: async (stepId, seq, text) => {
          await db.insert(s.workflowStepLogChunks).values({ stepId, seq, chunk: bytes(text) });
        },
        requestApproval: async (runId, reason, at) => {
          await db.insert(s.workflowRunApprovals).values({ runId, requestedReason: reason, requestedAt: at });
        },
      };
    },
    close: () => opened.close(),
  };
}
