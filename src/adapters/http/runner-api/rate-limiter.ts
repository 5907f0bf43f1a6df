import { leaseRateTokens, type RateDecision } from '../../../domain/runner-api/rate-limit.js';
import type { Clock } from '../../../ports/clock.js';
import type { RateBuckets } from '../../../ports/rate-buckets.js';

/** A heartbeat's rate answer: allowed or not, and the `X-RateLimit-*` / `Retry-After` values. */
export type HeartbeatRate = Omit<RateDecision, 'bucket'>;

/** How long this replica may serve leased tokens before it must ask the shared bucket again. */
export const LEASE_MS = 5_000;

/** This replica's share of one runner's allowance. */
interface Lease {
  /** Leased tokens not used yet; they lapse with the lease. */
  tokens: number;
  /** How many were asked for: doubles while leases run out early, so a burst costs few writes. */
  want: number;
  expiresAtMs: number;
  /** The shared bucket refused: answer 429 locally until then, without asking again. */
  deniedUntilMs: number;
  /** Whole tokens the shared bucket had left after the lease. */
  sharedRemaining: number;
}

/**
 * The per-runner heartbeat rate (SPEC §7.1), held across replicas (issue #12 fix 6): the
 * buckets live in `RateBuckets` (PostgreSQL), and each replica leases a runner's tokens from
 * there — one at a time for a runner that heartbeats calmly, up to {@link LEASE_MS} of its
 * allowance for one that bursts — then serves them from memory until they run out or lapse.
 * Every replica together never grants more than the shared bucket holds; lapsed tokens are
 * lost, so the error is on the strict side and bounded by one lease per replica.
 */
export class HeartbeatRateLimiter {
  private readonly leases = new Map<number, Lease>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    private readonly buckets: RateBuckets,
  ) {}

  /** Takes one request of `runnerId`'s allowance. */
  async take(runnerId: number): Promise<HeartbeatRate> {
    const now = this.clock.now();
    const nowMs = now.getTime();
    const lease = this.leases.get(runnerId);
    if (lease && lease.deniedUntilMs > nowMs) {
      return this.denied(Math.ceil((lease.deniedUntilMs - nowMs) / 1000));
    }
    if (lease && lease.tokens >= 1 && lease.expiresAtMs > nowMs) {
      lease.tokens -= 1;
      return this.allowed(lease.sharedRemaining + lease.tokens);
    }
    const want = nextWant(lease, nowMs, this.maxLease());
    const got = await this.buckets.update(runnerId, (bucket) => {
      const leased = leaseRateTokens(bucket, { perMinute: this.perMinute, now, want });
      return { bucket: leased.bucket, result: leased };
    });
    if (got.granted === 0) {
      this.leases.set(runnerId, {
        tokens: 0,
        want: 1,
        expiresAtMs: nowMs,
        deniedUntilMs: nowMs + got.retryAfterSeconds * 1000,
        sharedRemaining: 0,
      });
      return this.denied(got.retryAfterSeconds);
    }
    this.leases.set(runnerId, {
      tokens: got.granted - 1,
      want,
      expiresAtMs: nowMs + LEASE_MS,
      deniedUntilMs: 0,
      sharedRemaining: got.remaining,
    });
    return this.allowed(got.remaining + got.granted - 1);
  }

  private maxLease(): number {
    return Math.max(1, Math.floor((this.perMinute * LEASE_MS) / 60_000));
  }

  private allowed(remaining: number): HeartbeatRate {
    return this.decision(true, remaining, 0);
  }

  private denied(retryAfterSeconds: number): HeartbeatRate {
    return this.decision(false, 0, Math.max(1, retryAfterSeconds));
  }

  private decision(allowed: boolean, remaining: number, retryAfterSeconds: number): HeartbeatRate {
    return { allowed, limit: this.perMinute, remaining, retryAfterSeconds };
  }
}

/** A lease used up before it lapsed asks for twice as much; otherwise one token. */
function nextWant(previous: Lease | undefined, nowMs: number, max: number): number {
  if (!previous || previous.expiresAtMs <= nowMs) return 1;
  return Math.min(max, previous.want * 2);
}
