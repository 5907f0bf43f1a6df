import type { ArtifactLedger } from './artifact-store.js';
import type { JobLifecycle } from './job-lifecycle.js';
import type { LogLedger } from './log-ledger.js';
import type { LogSequence } from './log-sequence.js';
import type { SealedValue } from './secret-box.js';

/** A job JWT being spent: its `jti` and the scope it was minted for. */
export interface SpentJobToken {
  jti: string;
  runnerId: number;
  jobId: number;
  runId: number;
  repoId: number;
  expiresAt: Date;
  /** The token chain it was minted in (absent: 0). */
  chain?: number;
}

/** The ports of one job-call transaction; everything commits or rolls back together. */
export interface JobCallTransaction {
  /** The lifecycle bound to this transaction: its `transaction` joins this one. */
  lifecycle: JobLifecycle;
  logs: LogLedger;
  /** The artifact rows, in this transaction (lock artifacts after the token is spent). */
  artifacts: ArtifactLedger;
  /** The steps' seq order and held chunks, in this transaction. */
  sequence: LogSequence;
  /**
   * Records the token as used (`runner_jwt_used`, `INSERT … ON CONFLICT DO NOTHING`) with
   * `used_at = at`; `'replayed'` when its `jti` was recorded before. Rolled back with the
   * transaction, so a call that fails after this leaves the token unspent. Keeps the
   * RunLedger's lock order: first locks the token's run `FOR KEY SHARE` and its job
   * `FOR UPDATE` (no-ops when this transaction holds them already), so call it before
   * locking steps, or after the lifecycle write that locked the run and job itself.
   * `'revoked'` (nothing recorded) when the job's token chain moved on past the token's
   * (`restartTokenChain`): read under the job's lock, so a recovery that committed first
   * always wins.
   */
  consumeToken(token: SpentJobToken): Promise<'consumed' | 'replayed' | 'revoked'>;
}

/**
 * A log chunk already scrubbed against what the caller believes the step's state is; the
 * store applies it only when that belief still holds (see `JobCallStore.appendIfCurrent`).
 */
export interface CurrentChunkAppend {
  /** Spent by the append, as `consumeToken` would. */
  token: SpentJobToken;
  stepId: number;
  seq: number;
  /** The scrubbed bytes to store. */
  bytes: Uint8Array;
  /** The step's carry after this chunk (sealed), or null for none: written or removed. */
  carry: SealedValue | null;
  /** The nonce of the job's mask snapshot the bytes were scrubbed with (null: no snapshot). */
  maskNonce: Uint8Array | null;
  /** The `afterSeq` of the step's carry the bytes were scrubbed after (null: no carry). */
  carryAfterSeq: number | null;
}

/**
 * Storage of the runner's job calls (SPEC §7.2 chain rule): a call's write and the
 * consumption of its token happen in one transaction; claim-time mask snapshots.
 */
export interface JobCallStore {
  /**
   * Runs `fn` in one transaction (all or nothing; PostgreSQL: one database transaction,
   * memory: serialised by the state's mutex). `at` is the transaction's instant.
   */
  transaction<T>(at: Date, fn: (tx: JobCallTransaction) => Promise<T>): Promise<T>;

  /**
   * Atomically moves the job's token chain on (`Job.tokenChain` + 1) when the job is running
   * on `runnerId` and no server-side ending is recorded, and returns the new chain; undefined
   * otherwise. Every unspent token of the earlier chains stops working (`consumeToken`).
   */
  restartTokenChain(jobId: number, runnerId: number): Promise<number | undefined>;

  /**
   * The log ingest fast path (SPEC §20): one atomic statement that spends the token and
   * stores the chunk as `seq` of the step, with its carry, only when the token's runner is
   * not revoked, its job is assigned to that runner and run on the token's chain
   * (`restartTokenChain`), the jti is unspent, the step
   * belongs to the job and has not ended, `seq` directly follows the highest stored seq
   * (0 for none) with nothing held, the carry's `afterSeq` and the mask snapshot's nonce
   * are the expected ones. `'stale'` when any of that fails: nothing changed, and the
   * caller takes the full path, which names the reason. `'duplicate'` when the token was
   * spent but a concurrent call had stored this (step, seq): nothing else changed. Locks
   * run → job → step like `consumeToken` followed by `lockStep`.
   */
  appendIfCurrent(append: CurrentChunkAppend, at: Date): Promise<'stored' | 'duplicate' | 'stale'>;

  /** True when this `jti` was consumed; a plain read, so a replay is refused early. */
  isTokenUsed(jti: string): Promise<boolean>;

  /** Stores the job's sealed claim-time mask values, replacing an earlier snapshot. */
  saveMaskSnapshot(jobId: number, sealed: SealedValue, at: Date): Promise<void>;

  /** The job's sealed mask snapshot, or undefined when none was stored. */
  loadMaskSnapshot(jobId: number): Promise<SealedValue | undefined>;
}
