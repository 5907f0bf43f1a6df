import type { StepLogChunk, StepStatus } from './model/run.js';

/** The part of a step's log that lives in the object store, as the step row records it. */
export interface ArchivedLog {
  key: string;
  /** The log is the object's first `byteCount` bytes. */
  byteCount: number;
  /** Lower-case hex SHA-256 of those bytes. */
  sha256: string;
}

/**
 * When part of a step's log arrived: the bytes from `offset` (up to the next mark) were
 * stored at `at` (epoch milliseconds). A step's marks are in offset order.
 */
export type LogTimeMark = readonly [offset: number, at: number];

/** A step's log as stored at one instant: the archived part, then the chunks still in SQL. */
export interface StoredStepLog {
  stepId: number;
  jobId: number;
  runId: number;
  stepIndex: number;
  status: StepStatus;
  archived: ArchivedLog | null;
  /** When the archived bytes arrived (empty for an archive written before times were kept). */
  archivedTimes: LogTimeMark[];
  /** In `seq` order; they follow the archived bytes. */
  chunks: StepLogChunk[];
  /** True while the server scrubber holds a sealed carry or held chunks for the step. */
  hasCarry: boolean;
}

/** What `recordArchive` records: the step's new archive, replacing `expected`. */
export interface ArchiveRecord {
  stepId: number;
  expected: ArchivedLog | null;
  archived: ArchivedLog | null;
  /** When the new archive's bytes arrived. */
  times: LogTimeMark[];
  /** The SQL chunks the archive took in, deleted with the record. */
  seqs: number[];
}

/** An outbox entry: a step whose log should be (re)finalised. */
export interface PendingFinalisation {
  stepId: number;
  /** Failed attempts so far. */
  attempts: number;
}

/**
 * The log finalisation outbox (`workflow_step_log_outbox`) and the step rows' archive
 * columns. Steps enter the outbox in the transaction that ends them (`RunLedger.updateSteps`)
 * or that stores a chunk for an ended step (`LogLedger.queueFinalisation`).
 */
export interface StepLogArchive {
  /** Outbox entries due at `now`, oldest first, at most `limit`. A plain read. */
  listDue(now: Date, limit: number): Promise<PendingFinalisation[]>;

  /**
   * The step's log read in one snapshot, so the archive and the chunks always agree (never
   * a chunk counted twice or missed while a finalisation commits). Undefined for no step.
   */
  readStoredLog(stepId: number): Promise<StoredStepLog | undefined>;

  /**
   * Atomically, only if the step still records `expected` as its archive: records
   * `archived` (null: nothing to archive) and its `times` on the step, deletes its chunks with these `seqs`,
   * and removes its outbox entry unless a chunk is left. `'stale'` (nothing changed) when
   * the archive moved meanwhile; `'gone'` when the step no longer exists.
   */
  recordArchive(input: ArchiveRecord, at: Date): Promise<'recorded' | 'stale' | 'gone'>;

  /** Counts a failed attempt on the step's outbox entry and makes it due again at `retryAt`. */
  deferFinalisation(stepId: number, retryAt: Date, error: string): Promise<void>;

  /** Puts these steps in the outbox, due at `at` (idempotent; unknown steps are ignored). */
  queueFinalisation(stepIds: number[], at: Date): Promise<void>;
}
