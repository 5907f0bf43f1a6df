import type { ArtifactLedger } from './artifact-store.js';
import type { JobLifecycle } from './job-lifecycle.js';
import type { LogLedger } from './log-ledger.js';
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

  /** True when this `jti` was consumed; a plain read, so a replay is refused early. */
  isTokenUsed(jti: string): Promise<boolean>;

  /** Stores the job's sealed claim-time mask values, replacing an earlier snapshot. */
  saveMaskSnapshot(jobId: number, sealed: SealedValue, at: Date): Promise<void>;

  /** The job's sealed mask snapshot, or undefined when none was stored. */
  loadMaskSnapshot(jobId: number): Promise<SealedValue | undefined>;
}
