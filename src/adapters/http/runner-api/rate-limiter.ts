import { type RateDecision, type TokenBucket, takeRateToken } from '../../../domain/runner-api/rate-limit.js';
import type { Clock } from '../../../ports/clock.js';

/**
 * Per-runner heartbeat buckets held in this process: each replica enforces the rate on
 * its own, so N replicas behind a balancer allow up to N times the configured rate.
 */
export class HeartbeatRateLimiter {
  private readonly buckets = new Map<number, TokenBucket>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one request of `runnerId`'s allowance. */
  take(runnerId: number): RateDecision {
    const decision = takeRateToken(this.buckets.get(runnerId), {
      perMinute: this.perMinute,
      now: this.clock.now(),
    });
    this.buckets.set(runnerId, decision.bucket);
    return decision;
  }
}
