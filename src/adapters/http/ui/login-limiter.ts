import { type TokenBucket, takeRateToken } from '../../../domain/runner-api/rate-limit.js';
import type { Clock } from '../../../ports/clock.js';

/** Ten tries a minute per name, thirty per address: enough for typos, too few for guessing. */
export const DEFAULT_LOGIN_RATE = { perUserPerMinute: 10, perAddressPerMinute: 30 };
/** Past this many buckets, those idle for a minute (so full again) are dropped. */
const MAX_BUCKETS = 10_000;

/**
 * Sign-in attempts per user name and per client address, as token buckets held in this
 * process (each replica counts on its own, like the heartbeat limit). Every attempt counts,
 * right or wrong, so a correct guess is not told apart by being let through more often.
 */
export class LoginLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock,
    private readonly rate = DEFAULT_LOGIN_RATE,
  ) {}

  /** Takes one attempt for both keys; `retryAfterSeconds` is 0 when allowed. */
  take(userName: string, address: string): { allowed: boolean; retryAfterSeconds: number } {
    const now = this.clock.now();
    this.prune(now);
    const user = this.takeOne(`user:${userName.toLowerCase()}`, this.rate.perUserPerMinute, now);
    const from = this.takeOne(`addr:${address}`, this.rate.perAddressPerMinute, now);
    return {
      allowed: user.allowed && from.allowed,
      retryAfterSeconds: Math.max(user.retryAfterSeconds, from.retryAfterSeconds),
    };
  }

  private takeOne(key: string, perMinute: number, now: Date) {
    const decision = takeRateToken(this.buckets.get(key), { perMinute, now });
    this.buckets.set(key, decision.bucket);
    return decision;
  }

  private prune(now: Date): void {
    if (this.buckets.size < MAX_BUCKETS) return;
    for (const [key, bucket] of this.buckets) {
      if (now.getTime() - bucket.atMs >= 60_000) this.buckets.delete(key);
    }
  }
}
