/**
 * The heartbeat rate across replicas (issue #12 fix 6): two limiters — two replicas — on
 * one shared bucket store grant a runner its rate once, not once each; a calm runner never
 * wastes its allowance on leases, and a bursting one costs few shared writes.
 */
import { describe, expect, it } from 'vitest';
import { HeartbeatRateLimiter, LEASE_MS } from '../../../../src/adapters/http/runner-api/rate-limiter.js';
import { MemoryRateBuckets } from '../../../../src/adapters/memory/rate-buckets.js';
import type { RateBuckets } from '../../../../src/ports/rate-buckets.js';
import { FakeClock } from '../../../support/fake-clock.js';

/** Counts the shared store's updates: each is a database transaction in production. */
class CountingBuckets implements RateBuckets {
  updates = 0;
  private readonly inner = new MemoryRateBuckets();
  update: RateBuckets['update'] = (runnerId, decide) => {
    this.updates += 1;
    return this.inner.update(runnerId, decide);
  };
}

function replicas(perMinute: number) {
  const clock = new FakeClock();
  const shared = new CountingBuckets();
  return {
    clock,
    shared,
    a: new HeartbeatRateLimiter(perMinute, clock, shared),
    b: new HeartbeatRateLimiter(perMinute, clock, shared),
  };
}

describe('heartbeat rate limiter', () => {
  it('grants a runner its rate once across two replicas, then 429s on both', async () => {
    const { a, b } = replicas(6);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await (i % 2 === 0 ? a : b).take(7)).allowed);
    expect(answers.filter(Boolean)).toHaveLength(6);
    const refused = await b.take(7);
    expect(refused).toMatchObject({ allowed: false, limit: 6, remaining: 0, retryAfterSeconds: 10 });
    expect((await a.take(8)).allowed).toBe(true);
  });

  it('keeps granting a runner that stays under its rate, on whichever replica it calls', async () => {
    const { clock, a, b } = replicas(12);
    for (let i = 0; i < 60; i++) {
      expect((await (i % 3 === 0 ? a : b).take(7)).allowed, `heartbeat ${i}`).toBe(true);
      clock.advance(5_000);
    }
  });

  it('serves a burst from leases: far fewer shared writes than heartbeats, never more than the rate', async () => {
    const { clock, a, b, shared } = replicas(600);
    let granted = 0;
    for (let i = 0; i < 2000; i++) {
      if ((await (i % 2 === 0 ? a : b).take(7)).allowed) granted += 1;
      clock.advance(10);
    }
    // 20 s at 600 a minute: the full bucket (600) plus 20 s of refill (200), at most.
    expect(granted).toBeLessThanOrEqual(800);
    expect(granted).toBeGreaterThan(600);
    expect(shared.updates).toBeLessThan(400);
  });

  it('answers a refused runner locally until its Retry-After, without asking the shared bucket', async () => {
    const { clock, a, shared } = replicas(1);
    expect((await a.take(7)).allowed).toBe(true);
    const refused = await a.take(7);
    expect(refused.allowed).toBe(false);
    const writes = shared.updates;
    for (let i = 0; i < 50; i++) expect((await a.take(7)).allowed).toBe(false);
    expect(shared.updates).toBe(writes);
    clock.advance(refused.retryAfterSeconds * 1000 + LEASE_MS);
    expect((await a.take(7)).allowed).toBe(true);
  });
});
