/**
 * The JobCallStore contract: a job call's token is spent in the same transaction as its
 * write (SPEC §7.2 chain rule), the ledgers handed out join that transaction, and the
 * log ledger keeps (step, seq) unique and one carry per step.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobCallTransaction, SpentJobToken } from '../../src/ports/job-call-store.js';
import type { Step } from '../../src/ports/model/run.js';
import {
  makeRunnerApiWorld,
  plannedJob,
  type RunnerApiStores,
  type RunnerApiWorld,
} from '../adapters/http/runner-api/runner-api-world.js';

/** One backend: `fresh` empties it and returns its stores and a raw chunk reader. */
export interface JobCallBackend {
  fresh(): Promise<{ stores: RunnerApiStores; readChunk: ChunkReader }>;
  close(): Promise<void>;
}

/** Reads a stored chunk's bytes outside any transaction; undefined when absent. */
export type ChunkReader = (stepId: number, seq: number) => Promise<Uint8Array | undefined>;

const sealed = (text: string) => ({ ciphertext: Buffer.from(`c:${text}`), nonce: Buffer.from(`n:${text}`) });
const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('latin1') : undefined);

export function describeJobCallStoreContract(name: string, open: () => Promise<JobCallBackend>): void {
  describe(`JobCallStore contract: ${name}`, () => {
    let backend: JobCallBackend;
    let w: RunnerApiWorld;
    let stores: RunnerApiStores;
    let token: SpentJobToken;
    let steps: Step[];
    let readChunk: ChunkReader;

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      ({ stores, readChunk } = await backend.fresh());
      w = makeRunnerApiWorld(stores);
      const runner = await w.runner({ capacity: 4 });
      const repo = await w.repo();
      const { run, jobs } = await w.enqueue(repo.id, { jobs: [plannedJob('a'), plannedJob('b')] });
      for (const _ of jobs) await stores.queue.claim({ runnerId: runner.id, now: w.clock.now() });
      token = {
        jti: 'jti-aaaaaaaaaaaaaaaa',
        runnerId: runner.id,
        jobId: jobs[0]!.id,
        runId: run.id,
        repoId: repo.id,
        expiresAt: new Date('2026-01-01T00:15:00Z'),
      };
      steps = await stores.runs.listSteps(jobs.map((j) => j.id));
    });

    const at = new Date('2026-01-01T00:01:00Z');
    const tx = <T>(fn: (t: JobCallTransaction) => Promise<T>) => stores.jobCalls.transaction(at, fn);

    describe('tokens', () => {
      it('spends a jti once: the second spend is a replay', async () => {
        expect(await stores.jobCalls.isTokenUsed(token.jti)).toBe(false);
        expect(await tx((t) => t.consumeToken(token))).toBe('consumed');
        expect(await stores.jobCalls.isTokenUsed(token.jti)).toBe(true);
        expect(await tx((t) => t.consumeToken({ ...token, jobId: token.jobId + 1 }))).toBe('replayed');
      });

      it('moves a running job’s token chain on, and refuses tokens of the earlier chain (issue #12)', async () => {
        expect(await stores.jobCalls.restartTokenChain(token.jobId, token.runnerId + 100)).toBeUndefined();
        expect(await stores.jobCalls.restartTokenChain(token.jobId, token.runnerId)).toBe(1);
        expect(await tx((t) => t.consumeToken(token))).toBe('revoked');
        expect(await stores.jobCalls.isTokenUsed(token.jti)).toBe(false);
        expect(await tx((t) => t.consumeToken({ ...token, chain: 1 }))).toBe('consumed');
        expect(await stores.jobCalls.restartTokenChain(token.jobId, token.runnerId)).toBe(2);
        expect((await stores.runs.getJob(token.jobId))?.tokenChain).toBe(2);
      });

      it('leaves the token unspent and the write undone when the transaction fails', async () => {
        const failed = tx(async (t) => {
          await t.consumeToken(token);
          await t.logs.insertChunk(steps[0]!.id, 0, Buffer.from('x'));
          throw new Error('body refused');
        });
        await expect(failed).rejects.toThrow('body refused');
        expect(await stores.jobCalls.isTokenUsed(token.jti)).toBe(false);
        expect(await tx((t) => t.logs.hasChunk(steps[0]!.id, 0))).toBe(false);
      });

      it('hands out a lifecycle whose writes commit and roll back with the call', async () => {
        const failed = tx(async (t) => {
          await t.lifecycle.transaction(at, (ledger) =>
            ledger.updateJob(token.jobId, { cancelRequested: true }),
          );
          await t.consumeToken(token);
          throw new Error('late failure');
        });
        await expect(failed).rejects.toThrow('late failure');
        expect((await stores.runs.getJob(token.jobId))?.cancelRequested).toBe(false);
        await tx(async (t) => {
          await t.lifecycle.transaction(at, (ledger) =>
            ledger.updateJob(token.jobId, { cancelRequested: true }),
          );
          await t.consumeToken(token);
        });
        expect((await stores.runs.getJob(token.jobId))?.cancelRequested).toBe(true);
      });

      it('lets exactly one of two concurrent spends of one jti succeed', async () => {
        const results = await Promise.all([
          tx((t) => t.consumeToken(token)),
          tx((t) => t.consumeToken(token)),
        ]);
        expect(results.sort()).toEqual(['consumed', 'replayed']);
      });

      it('commits concurrent calls on two jobs of one run that lock the run before spending', async () => {
        const other = { ...token, jti: 'jti-bbbbbbbbbbbbbbbb', jobId: steps.at(-1)!.jobId };
        const call = (spent: SpentJobToken) =>
          tx(async (t) => {
            await t.lifecycle.transaction(at, async (ledger) => {
              await ledger.lockRunOfJob(spent.jobId);
              await ledger.lockJobs([spent.jobId]);
              await ledger.updateJob(spent.jobId, { cancelRequested: true });
            });
            return t.consumeToken(spent);
          });
        expect(
          await Promise.all([call(token), call(other), call({ ...token, jti: 'jti-cccccccccccccccc' })]),
        ).toEqual(['consumed', 'consumed', 'consumed']);
      });
    });

    describe('mask snapshots', () => {
      it('stores, replaces and reads a job’s sealed snapshot', async () => {
        expect(await stores.jobCalls.loadMaskSnapshot(token.jobId)).toBeUndefined();
        await stores.jobCalls.saveMaskSnapshot(token.jobId, sealed('one'), at);
        await stores.jobCalls.saveMaskSnapshot(token.jobId, sealed('two'), at);
        const loaded = await stores.jobCalls.loadMaskSnapshot(token.jobId);
        expect([text(loaded?.ciphertext), text(loaded?.nonce)]).toEqual(['c:two', 'n:two']);
      });
    });

    describe('log ledger', () => {
      it('finds the first step for no step id, and no step of another job', async () => {
        const [first, second] = steps.filter((s) => s.jobId === token.jobId);
        const otherJobs = steps.find((s) => s.jobId !== token.jobId)!;
        const found = await tx(async (t) => [
          await t.logs.lockStep(token.jobId, null),
          await t.logs.lockStep(token.jobId, second!.id),
          await t.logs.lockStep(token.jobId, otherJobs.id),
          await t.logs.lockStep(token.jobId, 999_999),
        ]);
        expect(found.map((s) => s?.id)).toEqual([first!.id, second!.id, undefined, undefined]);
      });

      it('keeps (step, seq) unique and appends to a stored chunk byte for byte', async () => {
        const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        const stepId = steps[0]!.id;
        const outcomes = await tx(async (t) => [
          await t.logs.insertChunk(stepId, 0, every),
          await t.logs.insertChunk(stepId, 0, Buffer.from('again')),
          await t.logs.hasChunk(stepId, 0),
          await t.logs.hasChunk(stepId, 1),
        ]);
        expect(outcomes).toEqual(['inserted', 'duplicate', true, false]);
        await tx(async (t) => {
          await t.logs.appendToChunk(stepId, 0, Buffer.from('tail'));
          await t.logs.appendToChunk(stepId, 7, Buffer.from('nowhere'));
        });
        expect(await tx((t) => t.logs.hasChunk(stepId, 7))).toBe(false);
        expect(text(await readChunk(stepId, 0))).toEqual(
          Buffer.concat([every, Buffer.from('tail')]).toString('latin1'),
        );
      });

      it('holds one carry per step: written, replaced, read in step order, deleted', async () => {
        const [a, b] = steps;
        await tx(async (t) => {
          await t.logs.writeCarry({ stepId: b!.id, afterSeq: 0, sealed: sealed('b0') });
          await t.logs.writeCarry({ stepId: a!.id, afterSeq: 0, sealed: sealed('a0') });
          await t.logs.writeCarry({ stepId: a!.id, afterSeq: 3, sealed: sealed('a3') });
        });
        const read = await tx((t) => t.logs.readCarries([b!.id, a!.id, 999_999]));
        expect(read.map((c) => [c.stepId, c.afterSeq, text(c.sealed.ciphertext)])).toEqual([
          [a!.id, 3, 'c:a3'],
          [b!.id, 0, 'c:b0'],
        ]);
        await tx((t) => t.logs.deleteCarries([a!.id, 999_999]));
        expect((await tx((t) => t.logs.readCarries([a!.id, b!.id]))).map((c) => c.stepId)).toEqual([b!.id]);
        expect(await tx((t) => t.logs.readCarries([]))).toEqual([]);
      });
    });
  });
}
