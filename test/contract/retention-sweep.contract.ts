/**
 * `workflow:cleanup` on one backend (SPEC §16; issue #10 "Done when"): rows and objects are
 * seeded on both sides of every threshold with a fake clock, the sweep runs, and exactly
 * what it should delete is gone — rows, objects and the per-kind counts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { setRunPinned } from '../../src/domain/jobs/pin-run.js';
import { readStepLog } from '../../src/domain/logs/read-step-log.js';
import { DEFAULT_RETENTION } from '../../src/domain/retention/cutoffs.js';
import { sweepRetention } from '../../src/domain/retention/sweep-retention.js';
import { RETENTION_SWEEP_LOCK } from '../../src/domain/storage/lock-ids.js';
import type { ObjectStore } from '../../src/ports/object-store.js';
import {
  daysAgo,
  makeRetentionWorld,
  type RetentionBackend,
  type RetentionWorld,
} from '../support/retention-world.js';

export interface SweepStorage {
  objects: ObjectStore;
  clear(): Promise<void>;
  close(): Promise<void>;
}

const JTI_OLD = 'jti-used-31-days-ago';
const JTI_YOUNG = 'jti-used-29-days-ago';

export function describeRetentionSweepContract(
  name: string,
  openBackend: () => Promise<RetentionBackend>,
  openStorage: () => Promise<SweepStorage>,
): void {
  describe(`retention sweep: ${name}`, () => {
    let backend: RetentionBackend;
    let storage: SweepStorage;
    let r: RetentionWorld;

    beforeAll(async () => {
      backend = await openBackend();
      storage = await openStorage();
    });
    afterAll(async () => {
      await backend?.close();
      await storage?.close();
    });
    beforeEach(async () => {
      await storage.clear();
      r = await makeRetentionWorld(backend, storage.objects);
    });

    const sweep = (dryRun = false, deps = r.deps) =>
      sweepRetention(deps, { policy: DEFAULT_RETENTION, dryRun });

    /** Both sides of every threshold. */
    async function seed() {
      const old = await r.run(366);
      await r.put(`actions/runs/${old.runId}/jobs/${old.jobId}/steps/0.log`, 'old log\n');
      await r.put(`actions/runs/${old.runId}/artifacts/kept.zip`, 'zip');
      await r.addArtifact({
        runId: old.runId,
        name: 'kept',
        objectKey: `actions/runs/${old.runId}/artifacts/kept.zip`,
        expiresAt: daysAgo(-30),
      });
      const pinned = await r.run(366, { pinned: true });
      await r.put(`actions/runs/${pinned.runId}/jobs/${pinned.jobId}/steps/0.log`, 'pinned log\n');
      const young = await r.run(364);
      const expiredKey = `actions/runs/${young.runId}/artifacts/expired.zip`;
      const liveKey = `actions/runs/${young.runId}/artifacts/live.zip`;
      await r.put(expiredKey, 'expired');
      await r.put(liveKey, 'live');
      const expired = await r.addArtifact({
        runId: young.runId,
        name: 'expired',
        objectKey: expiredKey,
        expiresAt: daysAgo(1),
      });
      const live = await r.addArtifact({
        runId: young.runId,
        name: 'live',
        objectKey: liveKey,
        expiresAt: daysAgo(-1),
      });
      const stale = await r.run(8, { chunks: ['eight days\n', 'ago\n'] });
      const fresh = await r.run(6, { chunks: ['six days ago\n'] });
      const open = await r.run(8, { chunks: ['still running\n'], open: true });
      await r.usedToken(JTI_OLD, young, 31);
      await r.usedToken(JTI_YOUNG, young, 29);
      return { old, pinned, young, expired, live, stale, fresh, open, liveKey };
    }

    it('deletes exactly what is past each threshold, objects before rows, and counts each kind', async () => {
      const s = await seed();
      const report = await sweep();
      expect(report).toEqual({
        dryRun: false,
        counts: { chunks: 2, blobs: 1, runs: 1, jwt_used: 1 },
        failures: 0,
      });
      expect(await r.stores.runs.getRun(s.old.runId)).toBeUndefined();
      for (const kept of [s.pinned, s.young, s.stale, s.fresh, s.open]) {
        expect(await r.stores.runs.getRun(kept.runId)).toBeDefined();
      }
      const staleKey = `actions/runs/${s.stale.runId}/jobs/${s.stale.jobId}/steps/0.log`;
      expect(await r.keys()).toEqual(
        [`actions/runs/${s.pinned.runId}/jobs/${s.pinned.jobId}/steps/0.log`, s.liveKey, staleKey].sort(),
      );
      expect(await r.artifactIds()).toEqual([s.live]);
      expect(await r.stores.jobCalls.isTokenUsed(JTI_OLD)).toBe(false);
      expect(await r.stores.jobCalls.isTokenUsed(JTI_YOUNG)).toBe(true);
      // The stale chunks were archived first, then removed; younger and open ones stay in SQL.
      const stale = await r.stepLogs.readStoredLog(s.stale.stepId);
      expect(stale?.chunks).toEqual([]);
      expect(stale?.archived?.byteCount).toBe('eight days\nago\n'.length);
      expect(Buffer.from((await readStepLog(r.deps, s.stale.stepId)).bytes).toString()).toBe(
        'eight days\nago\n',
      );
      expect((await r.stepLogs.readStoredLog(s.fresh.stepId))?.chunks.length).toBe(1);
      expect((await r.stepLogs.readStoredLog(s.open.stepId))?.chunks.length).toBe(1);
      for (const [kind, n] of [
        ['chunks', 2],
        ['blobs', 1],
        ['runs', 1],
        ['jwt_used', 1],
      ] as const) {
        expect(r.metrics.counter('runs_pruned_total', { kind })).toBe(n);
      }
      expect((await sweep()).counts).toEqual({ chunks: 0, blobs: 0, runs: 0, jwt_used: 0 });
    });

    it('counts the same with --dry-run and changes nothing', async () => {
      await seed();
      const before = await r.keys();
      expect(await sweep(true)).toEqual({
        dryRun: true,
        counts: { chunks: 2, blobs: 1, runs: 1, jwt_used: 1 },
        failures: 0,
      });
      expect(await r.keys()).toEqual(before);
      expect(r.metrics.counter('runs_pruned_total', { kind: 'runs' })).toBe(0);
      expect((await sweep()).counts).toEqual({ chunks: 2, blobs: 1, runs: 1, jwt_used: 1 });
    });

    it('keeps an expired artifact row whose object delete fails, and deletes it on the next sweep', async () => {
      const s = await seed();
      const failing: ObjectStore = Object.create(storage.objects);
      failing.delete = async (key) => {
        if (key.endsWith('expired.zip')) throw new Error('503 Slow Down');
        return storage.objects.delete(key);
      };
      const report = await sweep(false, { ...r.deps, objects: failing });
      expect(report.counts.blobs).toBe(0);
      expect(report.failures).toBe(1);
      expect((await r.artifactIds()).sort()).toEqual([s.expired, s.live].sort());
      expect((await sweep()).counts.blobs).toBe(1);
      expect(await r.artifactIds()).toEqual([s.live]);
    });

    it('removes the chunks of an expired unfinished upload with its row, and leaves a live one alone', async () => {
      const run = await r.run(10);
      const key = (name: string) => `actions/runs/${run.runId}/artifacts/${name}.shar`;
      for (const name of ['abandoned', 'uploading']) {
        await r.put(`${key(name)}.parts/0000000000000000`, 'first chunk');
        await r.put(`${key(name)}.parts/0000000000000011`, 'second');
      }
      await r.addArtifact({
        runId: run.runId,
        name: 'abandoned',
        objectKey: key('abandoned'),
        expiresAt: daysAgo(1),
      });
      const live = await r.addArtifact({
        runId: run.runId,
        name: 'uploading',
        objectKey: key('uploading'),
        expiresAt: daysAgo(-1),
      });
      expect((await sweep()).counts.blobs).toBe(1);
      expect(await r.artifactIds()).toEqual([live]);
      expect((await r.keys()).filter((k) => k.includes('/artifacts/'))).toEqual([
        `${key('uploading')}.parts/0000000000000000`,
        `${key('uploading')}.parts/0000000000000011`,
      ]);
    });

    it('stops with an error at an artifact key outside actions/runs/, deleting nothing of its batch', async () => {
      const s = await seed();
      await r.put('backups/db.dump', 'precious');
      await r.addArtifact({
        runId: s.young.runId,
        name: 'rogue',
        objectKey: 'backups/db.dump',
        expiresAt: daysAgo(2),
      });
      const err = await sweep().catch((e: unknown) => e);
      expect(isDomainError(err) && err.kind === 'unprocessable' && err.code).toBe(
        'retention.object_key_outside_runs',
      );
      expect(await r.keys()).toContain('backups/db.dump');
      expect((await r.artifactIds()).length).toBe(4);
      expect(r.metrics.counter('runs_pruned_total', { kind: 'chunks' })).toBe(2);
      expect(await r.stores.runs.getRun(s.old.runId)).toBeDefined();
    });

    it('deletes a pinned run once it is unpinned', async () => {
      const s = await seed();
      await sweep();
      await setRunPinned(r.w.deps, { runId: s.pinned.runId, pinned: false });
      expect((await sweep()).counts.runs).toBe(1);
      expect(await r.stores.runs.getRun(s.pinned.runId)).toBeUndefined();
      expect((await r.keys()).some((k) => k.startsWith(`actions/runs/${s.pinned.runId}/`))).toBe(false);
    });

    it('refuses a second sweep while one runs, unless it waits for the first to end', async () => {
      await seed();
      let finish = () => {};
      const holding = new Promise<void>((done) => {
        finish = done;
      });
      const held = r.deps.locks.run(RETENTION_SWEEP_LOCK, () => holding);
      const err = await sweep().catch((e: unknown) => e);
      expect(isDomainError(err) && err.code).toBe('retention.sweep_running');
      const waiting = sweepRetention(r.deps, { policy: DEFAULT_RETENTION, dryRun: false, waitForLock: true });
      finish();
      await held;
      expect((await waiting).counts.runs).toBe(1);
    });
  });
}
