import type { SealedValue } from './secret-box.js';

/** A chunk that arrived ahead of a missing seq, sealed until it can be scrubbed in order. */
export interface HeldChunk {
  stepId: number;
  seq: number;
  sealed: SealedValue;
}

/**
 * Where a step's log stands in `seq` order inside one job-call transaction (see
 * `JobCallStore`), and the chunks held ahead of a gap (issue #12: a chunk scrubbed out of
 * order would miss the carry of the one before it). Call with the step locked.
 */
export interface LogSequence {
  /** One past the highest seq stored for the step (held chunks do not count); 0 for none. */
  nextSeq(stepId: number): Promise<number>;

  /** Holds a chunk; `'duplicate'` (nothing changed) when (step, seq) is held already. */
  hold(chunk: HeldChunk): Promise<'held' | 'duplicate'>;

  /** The step's held chunks in seq order. */
  readHeld(stepId: number): Promise<HeldChunk[]>;

  /** Removes these held chunks of the step (missing ones are ignored). */
  release(stepId: number, seqs: number[]): Promise<void>;
}
