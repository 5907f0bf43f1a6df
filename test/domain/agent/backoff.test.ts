import { describe, expect, it } from 'vitest';
import {
  BACKOFF_MAX_MS,
  backoffCeilingMs,
  backoffDelayMs,
  isTransientStatus,
} from '../../../src/domain/agent/backoff.js';
import type { Random } from '../../../src/ports/random.js';
import { SeqRandom } from '../../support/seq-random.js';

/** Randomness that always draws the same byte: 0x00 is the smallest draw, 0xff the largest. */
const always = (byte: number): { random: Random } => ({
  random: { bytes: (n) => new Uint8Array(n).fill(byte) },
});

describe('runner backoff', () => {
  it.each([
    ['the first retry', 0, 1000],
    ['the second retry', 1, 2000],
    ['the third retry', 2, 4000],
    ['the fifth retry', 4, 16_000],
    ['the sixth retry, capped', 5, BACKOFF_MAX_MS],
    ['a late retry, capped', 40, BACKOFF_MAX_MS],
    ['a negative attempt, as the first', -3, 1000],
  ])('waits between 0 and the ceiling before %s (attempt %i: %i ms)', (_name, attempt, ceiling) => {
    expect(backoffCeilingMs(attempt)).toBe(ceiling);
    expect(backoffDelayMs(always(0x00), attempt)).toBe(0);
    expect(backoffDelayMs(always(0xff), attempt)).toBe(ceiling);
    expect(backoffDelayMs(always(0x80), attempt)).toBe(Math.floor((0x80808080 / 2 ** 32) * (ceiling + 1)));
  });

  it('spreads whole-millisecond delays over the window, the same ones for the same randomness', () => {
    const draw = () => {
      const deps = { random: new SeqRandom() };
      return Array.from({ length: 500 }, () => backoffDelayMs(deps, 3));
    };
    const delays = draw();
    expect(delays.every((d) => Number.isInteger(d) && d >= 0 && d <= 8000)).toBe(true);
    expect(delays.some((d) => d < 2000)).toBe(true);
    expect(delays.some((d) => d > 6000)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(draw()).toEqual(delays);
  });

  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
  ])('treats status %i as transient: %s', (status, transient) => {
    expect(isTransientStatus(status)).toBe(transient);
  });
});
