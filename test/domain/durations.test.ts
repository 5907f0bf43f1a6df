import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/domain/durations.js';

describe('parseDuration', () => {
  it.each([
    ['seconds', '5s', 5000],
    ['minutes', '2m', 120_000],
    ['hours', '24h', 86_400_000],
    ['days', '7d', 604_800_000],
    ['compound', '1h30m', 5_400_000],
    ['milliseconds', '250ms', 250],
    ['zero', '0', 0],
    ['fraction', '1.5s', 1500],
  ])('accepts %s (%s)', (_name, text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['empty', ''],
    ['no unit', '10'],
    ['unknown unit', '3w'],
    ['negative', '-1m'],
    ['words', 'soon'],
    ['space inside', '1h 30m'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseDuration(text, '--older-than')).toThrow(/--older-than: invalid duration/);
  });

  it('formats back to the short form', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(86_400_000)).toBe('24h');
  });
});
