/**
 * Server-side scrubbing of a step's chunks with a carry (SPEC §11). The scrubber may hold
 * back the tail of chunk N — a possible secret prefix, or half a UTF-8 character. That
 * tail is not stored with chunk N: it is sealed (like a secret) into the step's carry
 * row, tagged with N, and prepended to the next chunk of the step before it is scrubbed,
 * so a secret split across two chunks is still masked. When the step ends the carry is
 * flushed: scrubbed as final and appended to chunk N. The stored chunks, concatenated in
 * seq order, are therefore exactly the scrubbed stream. A chunk arriving with a seq below
 * the carry's (out of order) is scrubbed on its own; a chunk for an ended step is final,
 * and puts the step back in the log finalisation outbox so it reaches the archive too.
 */
import type { LogLedger } from '../../ports/log-ledger.js';
import type { Step } from '../../ports/model/run.js';
import type { SecretBox } from '../../ports/secret-box.js';
import { isTerminal } from '../jobs/transitions.js';
import type { MaskSet } from '../logs/mask-set.js';
import { scrubChunk } from '../logs/scrubber.js';

const EMPTY = new Uint8Array(0);

export interface StoredChunk {
  /** False for a resent (step, seq): nothing changed. */
  stored: boolean;
  replacements: number;
}

/** Scrubs and stores one chunk of `step` inside the caller's transaction. */
export async function storeScrubbedChunk(
  logs: LogLedger,
  deps: { secretBox: SecretBox; masks: MaskSet },
  input: { step: Step; seq: number; bytes: Uint8Array },
): Promise<StoredChunk> {
  const { step, seq, bytes } = input;
  if (await logs.hasChunk(step.id, seq)) return { stored: false, replacements: 0 };
  if (isTerminal(step.status)) await logs.queueFinalisation(step.id);
  if (deps.masks.bytes.length === 0) {
    await logs.insertChunk(step.id, seq, bytes);
    return { stored: true, replacements: 0 };
  }
  const [carry] = await logs.readCarries([step.id]);
  const follows = !carry || carry.afterSeq < seq;
  const carried = carry && follows ? deps.secretBox.open(carry.sealed) : EMPTY;
  const result = scrubChunk(deps.masks, {
    carry: carried,
    chunk: bytes,
    final: isTerminal(step.status) || !follows,
  });
  await logs.insertChunk(step.id, seq, result.output);
  if (follows && result.carry.length > 0) {
    await logs.writeCarry({ stepId: step.id, afterSeq: seq, sealed: deps.secretBox.seal(result.carry) });
  } else if (follows && carry) {
    await logs.deleteCarries([step.id]);
  }
  return { stored: true, replacements: result.replacements };
}

/**
 * Ends the carries of these steps: each is scrubbed as final and appended to the chunk it
 * was cut from, then removed. Returns the replacements made.
 */
export async function flushCarries(
  logs: LogLedger,
  deps: { secretBox: SecretBox; masks: MaskSet },
  stepIds: number[],
): Promise<number> {
  const carries = await logs.readCarries(stepIds);
  let replacements = 0;
  for (const carry of carries) {
    const carried = deps.secretBox.open(carry.sealed);
    const result = scrubChunk(deps.masks, { carry: carried, chunk: EMPTY, final: true });
    await logs.appendToChunk(carry.stepId, carry.afterSeq, result.output);
    replacements += result.replacements;
  }
  if (carries.length > 0) await logs.deleteCarries(carries.map((c) => c.stepId));
  return replacements;
}
