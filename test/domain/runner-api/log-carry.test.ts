/** The server scrubber's carry across a step's chunks, on the memory ledger. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryJobCallStore } from '../../../src/adapters/memory/job-call-store.js';
import { MemoryRunStore } from '../../../src/adapters/memory/run-store.js';
import { MemoryState } from '../../../src/adapters/memory/state.js';
import { AesGcmSecretBox } from '../../../src/adapters/system/secret-box.js';
import { buildMaskSet, type MaskSet } from '../../../src/domain/logs/mask-set.js';
import {
  flushCarries,
  MAX_HELD_AHEAD,
  storeScrubbedChunk,
} from '../../../src/domain/runner-api/log-carry.js';
import type { Step } from '../../../src/ports/model/run.js';
import { plannedRun } from '../../adapters/http/runner-api/runner-api-world.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const SECRET = 'hunter2-correct-horse';
const secretBox = new AesGcmSecretBox(new Uint8Array(32).fill(3));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('storeScrubbedChunk and flushCarries', () => {
  let state: MemoryState;
  let calls: MemoryJobCallStore;
  let step: Step;

  beforeEach(async () => {
    state = new MemoryState();
    calls = new MemoryJobCallStore(state);
    state.tables.repos.set(1, {
      id: 1,
      ownerUserId: 1,
      ownerOrgId: null,
      ownerName: 'alice',
      name: 'app',
      isPrivate: false,
      defaultBranch: 'trunk',
      forkOfRepoId: null,
      createdAt: T0,
    });
    const { run } = await new MemoryRunStore(state).enqueueRun(plannedRun(1), T0);
    step = [...state.tables.steps.values()].find((s) => s.jobId === run.id)!;
  });

  const store = (seq: number, chunk: string, masks: MaskSet = buildMaskSet([SECRET]), at = step) =>
    calls.transaction(T0, (tx) =>
      storeScrubbedChunk(tx, { secretBox, masks }, { step: at, seq, bytes: Buffer.from(chunk) }),
    );
  const flush = (masks: MaskSet = buildMaskSet([SECRET])) =>
    calls.transaction(T0, (tx) => flushCarries(tx, { secretBox, masks }, [step.id]));
  const stored = () =>
    state.tables.logChunks
      .filter((c) => c.stepId === step.id)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => text(c.chunk));

  it('masks a secret split across two chunks and never stores its prefix in the clear', async () => {
    await store(0, `token=${SECRET.slice(0, 9)}`);
    expect(stored()).toEqual(['token=']);
    expect(state.tables.logCarries.get(step.id)?.afterSeq).toBe(0);
    expect(Buffer.from(state.tables.logCarries.get(step.id)!.ciphertext).toString()).not.toContain('hunter');
    const result = await store(1, `${SECRET.slice(9)} done\n`);
    expect(result).toEqual({
      stored: true,
      replacements: 1,
      position: { nextSeq: 2, carry: new Uint8Array(0) },
    });
    expect(stored()).toEqual(['token=', '*** done\n']);
    expect(state.tables.logCarries.has(step.id)).toBe(false);
  });

  it('flushes a carry at the end of the step onto the chunk it was cut from', async () => {
    await store(0, 'line\nhunter');
    await store(1, 'plain\n');
    expect(stored()).toEqual(['line\n', 'hunterplain\n']);
    await store(2, 'last hunt');
    expect(await flush()).toBe(0);
    expect(stored()).toEqual(['line\n', 'hunterplain\n', 'last hunt']);
    expect(state.tables.logCarries.size).toBe(0);
  });

  it('masks what the flush completes, and counts it', async () => {
    await store(0, 'x hunter2');
    expect(await flush(buildMaskSet([SECRET, 'hunter2']))).toBe(1);
    expect(stored()).toEqual(['x ***']);
  });

  it('stores a resent seq once and leaves the carry alone', async () => {
    await store(0, 'a hunter');
    expect(await store(0, 'something else')).toEqual({ stored: false, replacements: 0 });
    expect(stored()).toEqual(['a ']);
    expect(state.tables.logCarries.get(step.id)?.afterSeq).toBe(0);
  });

  it('holds a chunk that arrives ahead of a missing seq until the gap fills, then scrubs both in order', async () => {
    await store(0, 'a ');
    expect(await store(2, `${SECRET.slice(6)}!`)).toEqual({ stored: true, replacements: 0 });
    expect(stored()).toEqual(['a ']);
    expect(state.tables.heldLogChunks.get(step.id)?.size).toBe(1);
    const filled = await store(1, `x ${SECRET.slice(0, 6)}`);
    expect(filled).toMatchObject({ stored: true, replacements: 1, position: { nextSeq: 3 } });
    expect(stored()).toEqual(['a ', 'x ', '***!']);
    expect(state.tables.heldLogChunks.size).toBe(0);
  });

  it('stores a resent held chunk once', async () => {
    await store(3, 'later');
    expect(await store(3, 'later')).toEqual({ stored: false, replacements: 0 });
    expect(state.tables.heldLogChunks.get(step.id)?.size).toBe(1);
  });

  it('counts a gap wider than the hold window as lost and scrubs what is held in order across it', async () => {
    await store(0, 'start ');
    await store(5, `${SECRET.slice(0, 4)}`);
    await store(6, `${SECRET.slice(4)} end`);
    expect(stored()).toEqual(['start ']);
    await store(6 + MAX_HELD_AHEAD, 'far');
    expect(stored()).toEqual(['start ', '', '*** end', 'far']);
    expect(state.tables.heldLogChunks.size).toBe(0);
  });

  it('scrubs held chunks in order when the step ends with the gap still open', async () => {
    await store(0, 'one ');
    await store(2, `${SECRET.slice(0, 5)}`);
    await store(3, `${SECRET.slice(5)}.`);
    expect(await flush()).toBe(1);
    expect(stored()).toEqual(['one ', '', '***.']);
    expect(state.tables.heldLogChunks.size).toBe(0);
    expect(state.tables.logCarries.size).toBe(0);
  });

  it('scrubs a chunk of an ended step as final', async () => {
    const ended: Step = { ...step, status: 'completed', conclusion: 'success' };
    await store(0, 'tail hunter', buildMaskSet([SECRET]), ended);
    expect(stored()).toEqual(['tail hunter']);
    expect(state.tables.logCarries.size).toBe(0);
  });

  it('stores chunks unchanged and carries nothing without masks', async () => {
    await store(0, 'hunter', buildMaskSet([]));
    expect(stored()).toEqual(['hunter']);
    expect(state.tables.logCarries.size).toBe(0);
  });

  it('holds back half a UTF-8 character so no stored chunk ends inside one', async () => {
    const euro = Buffer.from('€');
    await calls.transaction(T0, (tx) =>
      storeScrubbedChunk(
        tx,
        { secretBox, masks: buildMaskSet([SECRET]) },
        { step, seq: 0, bytes: Buffer.concat([Buffer.from('price '), euro.subarray(0, 2)]) },
      ),
    );
    await calls.transaction(T0, (tx) =>
      storeScrubbedChunk(
        tx,
        { secretBox, masks: buildMaskSet([SECRET]) },
        { step, seq: 1, bytes: euro.subarray(2) },
      ),
    );
    expect(stored()).toEqual(['price ', '€']);
  });
});
