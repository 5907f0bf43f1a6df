/** What a job JWT authorises: the runner API (`api`) or a git fetch (`checkout`) (SPEC §8.2–8.3). */
export type JobTokenPurpose = 'api' | 'checkout';

/** The scope a job JWT is minted for; every id is a positive integer. */
export interface JobTokenClaims {
  runnerId: number;
  jobId: number;
  runId: number;
  repoId: number;
  purpose: JobTokenPurpose;
  /**
   * The job's token chain it belongs to (`Job.tokenChain`); absent or 0 for the chain the
   * claim started. Chain recovery starts the next one, and tokens of earlier chains stop
   * working (issue #12).
   */
  chain?: number;
}

/** A freshly minted token: `jti` is its single-use id, `expiresAt` a whole second. */
export interface MintedJobToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

/** A token whose signature, header, expiry and claim shapes were all valid. */
export interface VerifiedJobToken extends JobTokenClaims {
  jti: string;
  expiresAt: Date;
}

/**
 * Signs and checks job JWTs. Pure computation over a key held by the implementation: no
 * storage is touched, so single use (consuming the `jti`) is the caller's job.
 */
export interface JobTokens {
  /**
   * Signs a token for `claims` that expires 15 minutes after `now` (rounded down to the
   * second) with a fresh random `jti`. Never returns the same `jti` twice.
   */
  mint(claims: JobTokenClaims, now: Date): Promise<MintedJobToken>;

  /**
   * Checks the token as of `now`: exact header, signature under this key, `now < exp`, and
   * every claim present and well formed. Any failure is `'invalid'`, never an exception;
   * the reason is deliberately not told.
   */
  verify(token: string, now: Date): Promise<VerifiedJobToken | 'invalid'>;
}
