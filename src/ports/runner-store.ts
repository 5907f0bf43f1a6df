import type { Runner, RunnerToken } from './model/runner.js';

/** A runner about to be registered; the store assigns id, status `offline` and no heartbeat. */
export interface NewRunner {
  name: string;
  labels: string[];
  capacity: number;
  registeredByUserId: number | null;
}

/** A registration token about to be stored: only its hash, never the token itself. */
export interface NewRunnerToken {
  tokenHash: Uint8Array;
  expiresAt: Date | null;
}

/** A runner with the number of jobs it is running now (`workflow_jobs.status = 'running'`). */
export interface RunnerWithLoad {
  runner: Runner;
  activeJobCount: number;
  /**
   * When the runner's unrevoked registration tokens stop working: the latest expiry among
   * them; null when one never expires or none is left.
   */
  tokenExpiresAt: Date | null;
}

/** A drain to apply: `at` is used only when the runner is not draining already. */
export interface DrainChange {
  reason: string;
  at: Date;
}

/** The pool's administration and authentication storage (SPEC §8.1, §9.2, §14). */
export interface RunnerStore {
  /**
   * Atomically inserts the runner and its first token (one transaction). Returns
   * `'name_taken'` and stores nothing when the name is registered already; two concurrent
   * registrations of one name leave exactly one runner.
   */
  register(runner: NewRunner, token: NewRunnerToken, now: Date): Promise<Runner | 'name_taken'>;

  /** Reads one runner; `undefined` when no runner has that id. */
  findById(id: number): Promise<Runner | undefined>;

  /** Every runner (revoked ones included) with its running-job count, ordered by name (code-point order). */
  listWithLoad(): Promise<RunnerWithLoad[]>;

  /**
   * Atomically sets (`change`) or clears (`null`) the drain of a non-revoked runner. Setting
   * keeps an existing `drainingAt` and replaces the reason; clearing empties both. Idempotent.
   */
  setDrain(id: number, change: DrainChange | null, now: Date): Promise<Runner | 'not_found' | 'revoked'>;

  /**
   * Atomically, under the runner's row lock: refuses a revoked runner, revokes every earlier
   * token of the runner (`revokedAt = now`) and inserts `token`. Concurrent rotations are
   * serialised by the lock, so exactly one of their tokens stays valid.
   */
  rotateToken(id: number, token: NewRunnerToken, now: Date): Promise<Runner | 'not_found' | 'revoked'>;

  /**
   * Atomically revokes the runner and all of its tokens: `revokedAt`/`revokedReason` are set
   * only the first time, the drain is set if absent (with `reason`), status becomes `offline`.
   * `tokensRevoked` counts tokens newly revoked by this call (0 on a repeat).
   */
  revoke(
    id: number,
    reason: string,
    now: Date,
  ): Promise<{ runner: Runner; tokensRevoked: number } | 'not_found'>;

  /**
   * Atomically marks `offline` every non-revoked, not-offline runner whose last heartbeat is
   * before `cutoff` (or that never sent one) and returns those runners. Leaves jobs alone.
   */
  markStaleOffline(cutoff: Date, now: Date): Promise<Runner[]>;

  /** The token with this exact hash and its runner, whatever their state; `undefined` if unknown. */
  findByTokenHash(tokenHash: Uint8Array): Promise<{ runner: Runner; token: RunnerToken } | undefined>;
}
