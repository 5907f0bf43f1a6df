/**
 * A world for the retention sweep: the runner API's stores on one backend (memory, PGlite or
 * PostgreSQL) with the log archive, the retention store and an object store, a fake clock,
 * and seeding of rows at chosen ages — runs ended N days ago (optionally with log chunks),
 * artifact rows with their objects, consumed job tokens.
 */

import { InProcessClusterLock } from '../../src/adapters/memory/cluster-lock.js';
import { MemoryMetrics } from '../../src/adapters/memory/metrics.js';
import { MemoryRetentionStore } from '../../src/adapters/memory/retention-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryStepLogArchive } from '../../src/adapters/memory/step-log-archive.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgRetentionStore } from '../../src/adapters/postgres/retention-store.js';
import * as s from '../../src/adapters/postgres/schema.js';
import { PgStepLogArchive } from '../../src/adapters/postgres/step-log-archive.js';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { setRunPinned } from '../../src/domain/jobs/pin-run.js';
import type { SweepDeps } from '../../src/domain/retention/sweep-retention.js';
import type { ObjectStore } from '../../src/ports/object-store.js';
import type { RetentionStore } from '../../src/ports/retention-store.js';
import type { StepLogArchive } from '../../src/ports/step-log-archive.js';
import {
  makeRunnerApiWorld,
  memoryStores,
  pgStores,
  type RunnerApiStores,
} from '../adapters/http/runner-api/runner-api-world.js';
import { resetDatabase } from './databases.js';

export const NOW = new Date('2027-01-10T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

export interface ArtifactSeed {
  runId: number;
  name: string;
  objectKey: string;
  expiresAt: Date;
}

export interface RetentionBackend {
  fresh(): Promise<{
    stores: RunnerApiStores;
    stepLogs: StepLogArchive;
    retention: RetentionStore;
    addArtifact(a: ArtifactSeed): Promise<number>;
  }>;
  close(): Promise<void>;
}

export function memoryRetentionBackend(): RetentionBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return {
        stores: memoryStores(state),
        stepLogs: new MemoryStepLogArchive(state),
        retention: new MemoryRetentionStore(state),
        addArtifact: async (a) => {
          const id = state.nextId('workflow_artifacts');
          state.tables.artifacts.set(id, {
            id,
            ...a,
            jobId: null,
            byteCount: 0,
            sha256: '',
            status: 'ready',
            receivedBytes: 0,
            retentionDays: 90,
            createdAt: NOW,
            updatedAt: NOW,
          });
          return id;
        },
      };
    },
    close: async () => {},
  };
}

export function databaseRetentionBackend(opened: OpenDatabase): RetentionBackend {
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return {
        stores: pgStores(opened.db),
        stepLogs: new PgStepLogArchive(opened.db),
        retention: new PgRetentionStore(opened.db),
        addArtifact: async (a) => {
          const [row] = await opened.db.insert(s.workflowArtifacts).values(a).returning();
          return row!.id;
        },
      };
    },
    close: () => opened.close(),
  };
}

/** The world over one fresh backend and `objects` (emptied by the caller). */
export async function makeRetentionWorld(backend: RetentionBackend, objects: ObjectStore) {
  const { stores, stepLogs, retention, addArtifact } = await backend.fresh();
  const w = makeRunnerApiWorld(stores);
  w.clock.set(NOW);
  const metrics = new MemoryMetrics();
  const deps: SweepDeps = {
    ...stores,
    stepLogs,
    retention,
    objects,
    clock: w.clock,
    secretBox: w.secretBox,
    locks: new InProcessClusterLock(),
    metrics,
  };
  const repo = await w.repo();
  const runnerId = (await w.runner()).id;
  const put = (key: string, body: string) =>
    objects.put(
      key,
      (async function* () {
        yield new TextEncoder().encode(body);
      })(),
      Buffer.byteLength(body),
    );

  /** A run enqueued `days` ago, with `chunks` stored on its first step then, ended then unless `open`. */
  async function run(days: number, opts: { chunks?: string[]; open?: boolean; pinned?: boolean } = {}) {
    w.clock.set(daysAgo(days));
    const { run: created, jobs } = await w.enqueue(repo.id);
    const job = jobs[0]!;
    const [step] = await stores.runs.listSteps([job.id]);
    await stores.jobCalls.transaction(w.clock.now(), async (tx) => {
      for (const [seq, chunk] of (opts.chunks ?? []).entries()) {
        await tx.logs.insertChunk(step!.id, seq, new TextEncoder().encode(chunk));
      }
    });
    if (!opts.open) await cancelRun({ ...w.deps, clock: w.clock }, { runId: created.id, reason: 'user' });
    if (opts.pinned) await setRunPinned(w.deps, { runId: created.id, pinned: true });
    w.clock.set(NOW);
    return { runId: created.id, jobId: job.id, stepId: step!.id };
  }

  /** A consumed job token of `jobId`, used `days` ago (expired 15 minutes later). */
  async function usedToken(jti: string, job: { runId: number; jobId: number }, days: number) {
    const usedAt = daysAgo(days);
    await stores.jobCalls.transaction(usedAt, (tx) =>
      tx.consumeToken({
        jti,
        runnerId,
        jobId: job.jobId,
        runId: job.runId,
        repoId: repo.id,
        expiresAt: new Date(usedAt.getTime() + 15 * 60_000),
      }),
    );
  }

  const keys = async () => (await objects.list('')).map((o) => o.key);
  const artifactIds = async () =>
    (await retention.expiredArtifacts(new Date('2100-01-01'), 0, 1000)).map((a) => a.id);
  return {
    w,
    deps,
    metrics,
    stores,
    stepLogs,
    retention,
    objects,
    put,
    run,
    usedToken,
    addArtifact,
    keys,
    artifactIds,
  };
}

export type RetentionWorld = Awaited<ReturnType<typeof makeRetentionWorld>>;
