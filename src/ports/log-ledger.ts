import type { Step } from './model/run.js';
import type { SealedValue } from './secret-box.js';

/** The server scrubber's held-back tail of one step's log, sealed; cut from chunk `afterSeq`. */
export interface LogCarry {
  stepId: number;
  afterSeq: number;
  sealed: SealedValue;
}

/**
 * A step's stored log inside one job-call transaction (see `JobCallStore`). Chunks are
 * unique per (step, seq); a step holds at most one carry.
 */
export interface LogLedger {
  /**
   * Locks and returns the step `stepId` of job `jobId` — or, when `stepId` is null, the
   * job's first step (lowest index). Undefined when there is no such step of that job.
   * The lock serialises every append to the step (and its carry) until commit.
   */
  lockStep(jobId: number, stepId: number | null): Promise<Step | undefined>;

  /** True when a chunk with this `seq` is stored for the step. */
  hasChunk(stepId: number, seq: number): Promise<boolean>;

  /** Stores a chunk; `'duplicate'` (nothing changed) when (step, seq) exists already. */
  insertChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<'inserted' | 'duplicate'>;

  /** Appends `bytes` to the stored chunk (step, seq); nothing happens when it is missing. */
  appendToChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<void>;

  /** The carries of these steps, in step id order (steps without one left out). */
  readCarries(stepIds: number[]): Promise<LogCarry[]>;

  /** Stores the step's carry, replacing the one it had. */
  writeCarry(carry: LogCarry): Promise<void>;

  /** Removes the carries of these steps (missing ones are ignored). */
  deleteCarries(stepIds: number[]): Promise<void>;

  /**
   * Puts the step in the log finalisation outbox, due now (idempotent): a chunk stored for
   * an ended step must reach its archive too.
   */
  queueFinalisation(stepId: number): Promise<void>;
}
