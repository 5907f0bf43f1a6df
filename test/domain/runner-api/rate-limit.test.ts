import { describe, expect, it } from 'vitest';
import { type TokenBucket, takeRateToken } from '../../../src/domain/runner-api/rate-limit.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Takes `n` requests at the same instant, returning the decisions. */
function burst(n: number, perMinute: number, start?: TokenBucket) {
  let bucket = start;
  return Array.from({ length: n }, () => {
    const decision = takeRateToken(bucket, { perMinute, now: T0 });
    bucket = decision.bucket;
    return decision;
  });
}

describe('takeRateToken', () => {
  it('allows a fresh runner the whole minute at once and counts down the remaining requests', () => {
    const decisions = burst(60, 60);
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining).slice(0, 3)).toEqual([59, 58, 57]);
    expect(decisions.at(-1)).toMatchObject({ remaining: 0, limit: 60, retryAfterSeconds: 0 });
  });

  it('refuses the request past the limit and says when to come back', () => {
    const [, , third] = burst(3, 2);
    expect(third).toMatchObject({ allowed: false, remaining: 0, limit: 2, retryAfterSeconds: 30 });
  });

  it.each([
    ['half a token back after 15 s at 2/min', 15_000, false, 15],
    ['a whole token back after 30 s at 2/min', 30_000, true, 0],
    ['never more than the limit after a long quiet spell', 3_600_000, true, 0],
  ])('refills continuously: %s', (_name, waitMs, allowed, retryAfterSeconds) => {
    const [, second] = burst(2, 2);
    const decision = takeRateToken(second!.bucket, { perMinute: 2, now: at(waitMs) });
    expect(decision).toMatchObject({ allowed, retryAfterSeconds });
    if (allowed) expect(decision.remaining).toBeLessThanOrEqual(1);
  });

  it('does not refill for a clock that steps backwards', () => {
    const [, second] = burst(2, 2);
    const decision = takeRateToken(second!.bucket, { perMinute: 2, now: at(-60_000) });
    expect(decision.allowed).toBe(false);
  });

  it('holds the rate over a minute of steady requests', () => {
    let bucket: TokenBucket | undefined;
    let allowed = 0;
    for (let ms = 0; ms < 120_000; ms += 100) {
      const decision = takeRateToken(bucket, { perMinute: 60, now: at(ms) });
      bucket = decision.bucket;
      if (decision.allowed) allowed += 1;
    }
    // A full bucket of 60 plus one per second for two minutes.
    expect(allowed).toBeGreaterThanOrEqual(179);
    expect(allowed).toBeLessThanOrEqual(181);
  });
});
