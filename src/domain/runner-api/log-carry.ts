/**
 * Server-side scrubbing of a step's chunks with a carry (SPEC §11). The scrubber may hold
 * back the tail of chunk N — a possible secret prefix, or half a UTF-8 character. That
 * tail is not stored with chunk N: it is sealed (like a secret) into the step's carry
 * row, tagged with N, and prepended to the next chunk of the step before it is scrubbed,
 * so a secret split across two chunks is still masked. When the step ends the carry is
 * flushed: scrubbed as final and appended to chunk N. The stored chunks, concatenated in
 * seq order, are therefore exactly the scrubbed stream.
 *
 * Order (issue #12): a chunk that arrives ahead of a missing seq is held, sealed, until the
 * gap fills — then it is scrubbed in order with the carry — or until it is more than
 * `MAX_HELD_AHEAD` seqs ahead (the gap then counts as lost and what is held is scrubbed in
 * seq order across it), or until the step ends (the flush does the same). A chunk below
 * the highest stored seq (only possible after such a loss) is scrubbed on its own. A chunk
 * for an ended step is final, and puts the step back in the log finalisation outbox so it
 * reaches the archive too.
 */
import type { JobCallTransaction } from '../../ports/job-call-store.js';
import type { Step } from '../../ports/model/run.js';
import type { SecretBox } from '../../ports/secret-box.js';
import { isTerminal } from '../jobs/transitions.js';
import type { MaskSet } from '../logs/mask-set.js';
import { scrubChunk } from '../logs/scrubber.js';

/** How far ahead of the next expected seq a chunk is held before the gap counts as lost. */
export const MAX_HELD_AHEAD = 64;

const EMPTY = new Uint8Array(0);

/** The log ledgers of one job-call transaction. */
export type LogLedgers = Pick<JobCallTransaction, 'logs' | 'sequence'>;

export type ScrubDeps = { secretBox: SecretBox; masks: MaskSet };

/** Where a step's log stands after a chunk stored in order with nothing held. */
export interface StepLogPosition {
  /** The seq the next chunk must have to follow. */
  nextSeq: number;
  /** The scrubber's held-back tail after `nextSeq - 1` (empty for none). */
  carry: Uint8Array;
}

export interface StoredChunk {
  /** False for a resent (step, seq): nothing changed. */
  stored: boolean;
  replacements: number;
  /** Set when the step is in order with nothing held: what the next chunk scrubs after. */
  position?: StepLogPosition;
}

interface Piece {
  seq: number;
  bytes: Uint8Array;
}

/** Scrubs and stores (or holds) one chunk of `step` inside the caller's transaction. */
export async function storeScrubbedChunk(
  tx: LogLedgers,
  deps: ScrubDeps,
  input: { step: Step; seq: number; bytes: Uint8Array },
): Promise<StoredChunk> {
  const { step, seq, bytes } = input;
  if (await tx.logs.hasChunk(step.id, seq)) return { stored: false, replacements: 0 };
  if (isTerminal(step.status)) {
    await tx.logs.queueFinalisation(step.id);
    return storeFinal(tx, deps, input);
  }
  if (deps.masks.bytes.length === 0) {
    await tx.logs.insertChunk(step.id, seq, bytes);
    return { stored: true, replacements: 0 };
  }
  const next = await tx.sequence.nextSeq(step.id);
  if (seq < next) return storeFinal(tx, deps, input);
  if (seq > next) {
    const sealed = deps.secretBox.seal(bytes);
    if ((await tx.sequence.hold({ stepId: step.id, seq, sealed })) === 'duplicate') {
      return { stored: false, replacements: 0 };
    }
    if (seq - next <= MAX_HELD_AHEAD) return { stored: true, replacements: 0 };
    const { replacements } = await releaseHeld(tx, deps, step.id, { acrossGaps: true, final: false });
    return { stored: true, replacements };
  }
  const first = await storeInOrder(tx, deps, step.id, [{ seq, bytes }], false);
  const rest = await releaseHeld(tx, deps, step.id, { acrossGaps: false, final: false });
  const replacements = first.replacements + rest.replacements;
  if (rest.left > 0) return { stored: true, replacements };
  const position = {
    nextSeq: rest.lastSeq === null ? seq + 1 : rest.lastSeq + 1,
    carry: rest.carry ?? first.carry,
  };
  return { stored: true, replacements, position };
}

/**
 * Ends the scrub state of these steps: each one's held chunks are scrubbed in seq order
 * (across any gap), then its carry is scrubbed as final and appended to the chunk it was
 * cut from, and removed. Returns the replacements made.
 */
export async function flushCarries(tx: LogLedgers, deps: ScrubDeps, stepIds: number[]): Promise<number> {
  let replacements = 0;
  for (const stepId of stepIds) {
    replacements += (await releaseHeld(tx, deps, stepId, { acrossGaps: true, final: true })).replacements;
  }
  const carries = await tx.logs.readCarries(stepIds);
  for (const carry of carries) {
    const carried = deps.secretBox.open(carry.sealed);
    const result = scrubChunk(deps.masks, { carry: carried, chunk: EMPTY, final: true });
    await tx.logs.appendToChunk(carry.stepId, carry.afterSeq, result.output);
    replacements += result.replacements;
  }
  if (carries.length > 0) await tx.logs.deleteCarries(carries.map((c) => c.stepId));
  return replacements;
}

/**
 * Stores the step's held chunks that follow its highest stored seq — all of them with
 * `acrossGaps`, else only the unbroken run — in seq order after the carry. Returns what is
 * still held, the last seq stored and the carry after it (null when nothing was stored).
 */
async function releaseHeld(
  tx: LogLedgers,
  deps: ScrubDeps,
  stepId: number,
  opts: { acrossGaps: boolean; final: boolean },
): Promise<{ replacements: number; left: number; lastSeq: number | null; carry: Uint8Array | null }> {
  const held = await tx.sequence.readHeld(stepId);
  if (held.length === 0) return { replacements: 0, left: 0, lastSeq: null, carry: null };
  let expected = await tx.sequence.nextSeq(stepId);
  const pieces: Piece[] = [];
  for (const h of held) {
    if (h.seq < expected || (!opts.acrossGaps && h.seq !== expected)) break;
    pieces.push({ seq: h.seq, bytes: deps.secretBox.open(h.sealed) });
    expected = h.seq + 1;
  }
  if (pieces.length === 0) return { replacements: 0, left: held.length, lastSeq: null, carry: null };
  await tx.sequence.release(
    stepId,
    pieces.map((p) => p.seq),
  );
  const { replacements, carry } = await storeInOrder(tx, deps, stepId, pieces, opts.final);
  return { replacements, left: held.length - pieces.length, lastSeq: expected - 1, carry };
}

/**
 * Scrubs `pieces` (in seq order, each after the highest stored seq) after the step's carry
 * and stores each as its seq; the carry that remains is sealed into the step's carry row,
 * or — `final` — scrubbed and appended to the last chunk stored.
 */
async function storeInOrder(
  tx: LogLedgers,
  deps: ScrubDeps,
  stepId: number,
  pieces: Piece[],
  final: boolean,
): Promise<{ replacements: number; carry: Uint8Array }> {
  const [row] = await tx.logs.readCarries([stepId]);
  let carry = row ? deps.secretBox.open(row.sealed) : EMPTY;
  let replacements = 0;
  for (const [i, piece] of pieces.entries()) {
    const last = i === pieces.length - 1;
    const result = scrubChunk(deps.masks, { carry, chunk: piece.bytes, final: final && last });
    await tx.logs.insertChunk(stepId, piece.seq, result.output);
    carry = result.carry;
    replacements += result.replacements;
  }
  const afterSeq = pieces.at(-1)?.seq;
  if (carry.length > 0 && afterSeq !== undefined) {
    await tx.logs.writeCarry({ stepId, afterSeq, sealed: deps.secretBox.seal(carry) });
  } else if (row) {
    await tx.logs.deleteCarries([stepId]);
  }
  return { replacements, carry };
}

/**
 * A chunk of an ended step, or one below the highest stored seq: scrubbed as final, after
 * the step's carry when that carry comes before it (which then ends with it).
 */
async function storeFinal(
  tx: LogLedgers,
  deps: ScrubDeps,
  input: { step: Step; seq: number; bytes: Uint8Array },
): Promise<StoredChunk> {
  const { step, seq, bytes } = input;
  if (deps.masks.bytes.length === 0) {
    await tx.logs.insertChunk(step.id, seq, bytes);
    return { stored: true, replacements: 0 };
  }
  const [carry] = await tx.logs.readCarries([step.id]);
  const follows = carry !== undefined && carry.afterSeq < seq;
  const carried = carry && follows ? deps.secretBox.open(carry.sealed) : EMPTY;
  const result = scrubChunk(deps.masks, { carry: carried, chunk: bytes, final: true });
  await tx.logs.insertChunk(step.id, seq, result.output);
  if (follows) await tx.logs.deleteCarries([step.id]);
  return { stored: true, replacements: result.replacements };
}
