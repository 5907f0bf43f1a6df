/**
 * The JobCallStore's log fast path (`appendIfCurrent`) and its seq order (`LogSequence`):
 * the append happens whole or not at all, only while everything it was scrubbed against
 * holds; held chunks are kept per (step, seq).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  CurrentChunkAppend,
  JobCallTransaction,
  SpentJobToken,
} from '../../src/ports/job-call-store.js';
import type { Step } from '../../src/ports/model/run.js';
import {
  makeRunnerApiWorld,
  plannedJob,
  type RunnerApiStores,
  type RunnerApiWorld,
} from '../adapters/http/runner-api/runner-api-world.js';
import type { ChunkReader, JobCallBackend } from './job-call-store.contract.js';

const sealed = (text: string) => ({ ciphertext: Buffer.from(`c:${text}`), nonce: Buffer.from(`n:${text}`) });
const bytes = (text: string) => Buffer.from(text, 'latin1');

export function describeLogAppendContract(name: string, open: () => Promise<JobCallBackend>): void {
  describe(`JobCallStore log fast path: ${name}`, () => {
    let backend: JobCallBackend;
    let w: RunnerApiWorld;
    let stores: RunnerApiStores;
    let readChunk: ChunkReader;
    let token: SpentJobToken;
    let step: Step;
    let runnerId: number;
    let jti = 0;

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
      runnerId = runner.id;
      const repo = await w.repo();
      const { run, jobs } = await w.enqueue(repo.id, { jobs: [plannedJob('a'), plannedJob('b')] });
      for (const _ of jobs) await stores.queue.claim({ runnerId: runner.id, now: w.clock.now() });
      token = fresh({ runnerId: runner.id, jobId: jobs[0]!.id, runId: run.id, repoId: repo.id });
      step = (await stores.runs.listSteps([jobs[0]!.id]))[0]!;
      await stores.jobCalls.saveMaskSnapshot(token.jobId, sealed('masks'), at);
    });

    const at = new Date('2026-01-01T00:01:00Z');
    const fresh = (scope: Omit<SpentJobToken, 'jti' | 'expiresAt'>): SpentJobToken => ({
      ...scope,
      jti: `jti-${String(++jti).padStart(16, '0')}`,
      expiresAt: new Date('2026-01-01T00:15:00Z'),
    });
    const append = (over: Partial<CurrentChunkAppend> = {}) =>
      stores.jobCalls.appendIfCurrent(
        {
          token: fresh(token),
          stepId: step.id,
          seq: 0,
          bytes: bytes('chunk'),
          carry: null,
          maskNonce: Buffer.from('n:masks'),
          carryAfterSeq: null,
          ...over,
        },
        at,
      );
    const tx = <T>(fn: (t: JobCallTransaction) => Promise<T>) => stores.jobCalls.transaction(at, fn);
    const carryOf = async () => (await tx((t) => t.logs.readCarries([step.id])))[0];

    it('stores the chunk, spends the token and sets or drops the carry, byte for byte', async () => {
      const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const first = fresh(token);
      expect(await append({ token: first, bytes: every, carry: sealed('tail') })).toBe('stored');
      expect(await stores.jobCalls.isTokenUsed(first.jti)).toBe(true);
      expect(Buffer.from((await readChunk(step.id, 0))!).equals(every)).toBe(true);
      expect((await carryOf())?.afterSeq).toBe(0);
      const text = bytes('C:\\dir\\ 100% \\\\ \\000 plain');
      expect(await append({ seq: 1, bytes: text, carryAfterSeq: 0 })).toBe('stored');
      expect(Buffer.from((await readChunk(step.id, 1))!).equals(text)).toBe(true);
      expect(await carryOf()).toBeUndefined();
    });

    it.each([
      ['the token was spent', { spent: true }],
      ['the seq does not follow the last one', { seq: 1 }],
      ['the carry is not the expected one', { carryAfterSeq: 0 }],
      ['the mask snapshot changed', { maskNonce: Buffer.from('n:older') }],
      ['the step belongs to another job', { otherStep: true }],
    ])('changes nothing when %s', async (_, change) => {
      const { spent, otherStep, ...over } = change as Partial<CurrentChunkAppend> & {
        spent?: boolean;
        otherStep?: boolean;
      };
      const used = fresh(token);
      if (spent) await tx((t) => t.consumeToken(used));
      const [other] = await stores.runs.listSteps([token.jobId + 1]);
      const outcome = await append({ token: used, ...(otherStep ? { stepId: other!.id } : {}), ...over });
      expect(outcome).toBe('stale');
      expect(await readChunk(step.id, 0)).toBeUndefined();
      expect(await readChunk(step.id, 1)).toBeUndefined();
      if (!spent) expect(await stores.jobCalls.isTokenUsed(used.jti)).toBe(false);
    });

    it('changes nothing for a revoked runner, an ended step or a step with held chunks', async () => {
      await tx((t) => t.sequence.hold({ stepId: step.id, seq: 3, sealed: sealed('h3') }));
      expect(await append()).toBe('stale');
      await tx((t) => t.sequence.release(step.id, [3]));
      await stores.lifecycle.transaction(at, (ledger) =>
        ledger.updateSteps([step.id], { status: 'completed', conclusion: 'success', completedAt: at }),
      );
      expect(await append()).toBe('stale');
      await stores.lifecycle.transaction(at, (ledger) =>
        ledger.updateSteps([step.id], { status: 'running', conclusion: null, completedAt: null }),
      );
      await stores.runners.revoke(runnerId, 'test', at);
      expect(await append()).toBe('stale');
      expect(await readChunk(step.id, 0)).toBeUndefined();
    });

    it('lets one of two concurrent appends of one seq store it; the other stores nothing', async () => {
      const outcomes = await Promise.all([append({ bytes: bytes('one') }), append({ bytes: bytes('two') })]);
      expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'stored')).toHaveLength(1);
      expect(['one', 'two']).toContain(Buffer.from((await readChunk(step.id, 0))!).toString());
    });

    it('tells the next seq, and holds, reads in order and releases chunks ahead of it', async () => {
      expect(await tx((t) => t.sequence.nextSeq(step.id))).toBe(0);
      await tx(async (t) => {
        await t.logs.insertChunk(step.id, 0, bytes('a'));
        await t.logs.insertChunk(step.id, 1, bytes('b'));
      });
      const held = await tx(async (t) => [
        await t.sequence.nextSeq(step.id),
        await t.sequence.hold({ stepId: step.id, seq: 5, sealed: sealed('h5') }),
        await t.sequence.hold({ stepId: step.id, seq: 3, sealed: sealed('h3') }),
        await t.sequence.hold({ stepId: step.id, seq: 5, sealed: sealed('again') }),
      ]);
      expect(held).toEqual([2, 'held', 'held', 'duplicate']);
      const read = await tx((t) => t.sequence.readHeld(step.id));
      expect(read.map((h) => [h.seq, Buffer.from(h.sealed.ciphertext).toString()])).toEqual([
        [3, 'c:h3'],
        [5, 'c:h5'],
      ]);
      await tx((t) => t.sequence.release(step.id, [3, 99]));
      expect((await tx((t) => t.sequence.readHeld(step.id))).map((h) => h.seq)).toEqual([5]);
      expect(await tx((t) => t.sequence.nextSeq(step.id))).toBe(2);
    });
  });
}
