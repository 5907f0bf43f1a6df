/**
 * The ArtifactStore contract (issue #10 item 3): rows written through the job-call ledger,
 * one name per run (the unique index decides between concurrent uploads), changes rolled back
 * with their transaction, plain reads in id order.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactLedger, ArtifactStore } from '../../src/ports/artifact-store.js';
import type { NewArtifact } from '../../src/ports/model/artifact.js';
import {
  makeRunnerApiWorld,
  plannedJob,
  type RunnerApiStores,
} from '../adapters/http/runner-api/runner-api-world.js';

/** One backend: `fresh` empties it and returns its stores. */
export interface ArtifactBackend {
  fresh(): Promise<{ stores: RunnerApiStores; artifacts: ArtifactStore }>;
  close(): Promise<void>;
}

const AT = new Date('2026-01-01T00:01:00.000Z');
const LATER = new Date('2026-01-01T00:02:00.000Z');

export function describeArtifactStoreContract(name: string, open: () => Promise<ArtifactBackend>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let backend: ArtifactBackend;
    let stores: RunnerApiStores;
    let artifacts: ArtifactStore;
    let runIds: number[];
    let jobId: number;

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      ({ stores, artifacts } = await backend.fresh());
      const w = makeRunnerApiWorld(stores);
      const repo = await w.repo();
      const first = await w.enqueue(repo.id, { jobs: [plannedJob('a')] });
      const second = await w.enqueue(repo.id, { jobs: [plannedJob('a')] });
      runIds = [first.run.id, second.run.id];
      jobId = first.jobs[0]!.id;
    });

    const row = (over: Partial<NewArtifact> = {}): NewArtifact => ({
      runId: runIds[0]!,
      jobId,
      name: 'dist',
      objectKey: `actions/runs/${runIds[0]}/artifacts/0123.shar`,
      byteCount: 10,
      sha256: 'a'.repeat(64),
      retentionDays: 7,
      expiresAt: new Date('2026-01-02T00:01:00.000Z'),
      ...over,
    });
    const ledger = <T>(fn: (l: ArtifactLedger) => Promise<T>, at = AT) =>
      stores.jobCalls.transaction(at, (tx) => fn(tx.artifacts));

    it('inserts an uploading row with nothing received and reads it back', async () => {
      const inserted = await ledger((l) => l.insert(row()));
      expect(inserted).toEqual({
        id: expect.any(Number),
        ...row(),
        status: 'uploading',
        receivedBytes: 0,
        createdAt: AT,
        updatedAt: AT,
      });
      if (inserted === 'name_taken') return;
      expect(await artifacts.get(inserted.id)).toEqual(inserted);
      expect(await artifacts.listRun(runIds[0]!)).toEqual([inserted]);
      expect(await artifacts.get(inserted.id + 1000)).toBeUndefined();
    });

    it('keeps one name per run: a second insert is name_taken, another run may use it', async () => {
      expect(await ledger((l) => l.insert(row()))).not.toBe('name_taken');
      expect(await ledger((l) => l.insert(row({ objectKey: 'actions/runs/1/artifacts/other.shar' })))).toBe(
        'name_taken',
      );
      expect(await ledger((l) => l.insert(row({ runId: runIds[1]! })))).not.toBe('name_taken');
      expect((await artifacts.listRun(runIds[0]!)).length).toBe(1);
    });

    it('lets exactly one of two concurrent uploads of a name insert it', async () => {
      const results = await Promise.all([ledger((l) => l.insert(row())), ledger((l) => l.insert(row()))]);
      expect(results.filter((r) => r === 'name_taken').length).toBe(1);
      expect((await artifacts.listRun(runIds[0]!)).length).toBe(1);
    });

    it('finds rows by name or id to lock them, and updates what it is told at the transaction instant', async () => {
      const inserted = await ledger((l) => l.insert(row()));
      if (inserted === 'name_taken') throw new Error('unexpected');
      expect(await ledger((l) => l.lockByName(runIds[0]!, 'dist'))).toEqual(inserted);
      expect(await ledger((l) => l.lockByName(runIds[1]!, 'dist'))).toBeUndefined();
      expect(await ledger((l) => l.lock(inserted.id + 1000))).toBeUndefined();
      const ready = new Date('2026-01-08T00:02:00.000Z');
      const updated = await ledger(
        (l) => l.update(inserted.id, { status: 'ready', receivedBytes: 10, expiresAt: ready }),
        LATER,
      );
      expect(updated).toEqual({
        ...inserted,
        status: 'ready',
        receivedBytes: 10,
        expiresAt: ready,
        updatedAt: LATER,
      });
      expect(await artifacts.get(inserted.id)).toEqual(updated);
    });

    it('rolls a change back with its transaction', async () => {
      await expect(
        ledger(async (l) => {
          await l.insert(row());
          throw new Error('the call failed after the write');
        }),
      ).rejects.toThrow('the call failed');
      expect(await artifacts.listRun(runIds[0]!)).toEqual([]);
    });

    it('lists a run in id order, and only that run', async () => {
      for (const name of ['b', 'a', 'c']) await ledger((l) => l.insert(row({ name })));
      await ledger((l) => l.insert(row({ runId: runIds[1]!, name: 'z' })));
      expect((await artifacts.listRun(runIds[0]!)).map((a) => a.name)).toEqual(['b', 'a', 'c']);
      expect((await artifacts.listRun(runIds[1]!)).map((a) => a.name)).toEqual(['z']);
    });
  });
}
