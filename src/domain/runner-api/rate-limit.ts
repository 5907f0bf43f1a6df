/**
 * The per-runner heartbeat rate (SPEC §7.1, facts §1.1): a token bucket that holds at most
 * one minute's allowance and refills continuously, so a runner may burst after a quiet
 * spell but never exceeds the rate over a minute. Pure: the caller keeps the buckets.
 */

/** One key's bucket: tokens left as of `atMs`. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Store this for the key, whatever the decision. */
  bucket: TokenBucket;
  /** The `X-RateLimit-Limit` value: requests per minute. */
  limit: number;
  /** The `X-RateLimit-Remaining` value after this request. */
  remaining: number;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Takes one token from `bucket` (a missing bucket starts full) as of `now`. `perMinute`
 * must be a positive integer.
 */
export function takeRateToken(
  bucket: TokenBucket | undefined,
  input: { perMinute: number; now: Date },
): RateDecision {
  const lease = leaseRateTokens(bucket, { ...input, want: 1 });
  return {
    allowed: lease.granted === 1,
    bucket: lease.bucket,
    limit: lease.limit,
    remaining: lease.remaining,
    retryAfterSeconds: lease.retryAfterSeconds,
  };
}

/** What a lease of several tokens got: `granted` of them (0: refused, as a 429). */
export interface RateLease extends Omit<RateDecision, 'allowed'> {
  granted: number;
}

/**
 * Takes up to `want` whole tokens from `bucket` (a missing bucket starts full) as of `now`:
 * as many as are available, at least one or none. A replica leases a few seconds of a
 * runner's allowance this way from the bucket every replica shares, then serves them
 * itself, so the rate holds across replicas without a database write per heartbeat.
 */
export function leaseRateTokens(
  bucket: TokenBucket | undefined,
  input: { perMinute: number; now: Date; want: number },
): RateLease {
  const nowMs = input.now.getTime();
  const perMs = input.perMinute / 60_000;
  const elapsedMs = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const available = bucket ? Math.min(input.perMinute, bucket.tokens + elapsedMs * perMs) : input.perMinute;
  const granted = Math.max(0, Math.min(Math.floor(input.want), Math.floor(available)));
  const tokens = available - granted;
  return {
    granted,
    bucket: { tokens, atMs: nowMs },
    limit: input.perMinute,
    remaining: Math.floor(tokens),
    retryAfterSeconds: granted > 0 ? 0 : Math.max(1, Math.ceil((1 - available) / perMs / 1000)),
  };
}
