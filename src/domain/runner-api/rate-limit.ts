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
  const nowMs = input.now.getTime();
  const perMs = input.perMinute / 60_000;
  const elapsedMs = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const available = bucket ? Math.min(input.perMinute, bucket.tokens + elapsedMs * perMs) : input.perMinute;
  if (available >= 1) {
    const tokens = available - 1;
    return {
      allowed: true,
      bucket: { tokens, atMs: nowMs },
      limit: input.perMinute,
      remaining: Math.floor(tokens),
      retryAfterSeconds: 0,
    };
  }
  return {
    allowed: false,
    bucket: { tokens: available, atMs: nowMs },
    limit: input.perMinute,
    remaining: 0,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - available) / perMs / 1000)),
  };
}
