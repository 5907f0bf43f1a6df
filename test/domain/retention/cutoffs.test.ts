import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, retentionCutoffs } from '../../../src/domain/retention/cutoffs.js';
import { isSweepDue, lastSweepSlot } from '../../../src/domain/retention/sweep-schedule.js';

const NOW = new Date('2027-01-10T12:00:00.000Z');

describe('retention cut-offs', () => {
  it.each([
    [
      'the defaults',
      DEFAULT_RETENTION,
      '2027-01-03T12:00:00.000Z',
      '2026-01-10T12:00:00.000Z',
      '2026-12-11T12:00:00.000Z',
    ],
    [
      'shorter thresholds',
      { stepLogChunkDays: 1, runDays: 30, jwtUsedDays: 2 },
      '2027-01-09T12:00:00.000Z',
      '2026-12-11T12:00:00.000Z',
      '2027-01-08T12:00:00.000Z',
    ],
  ])('puts each cut-off the threshold before now with %s', (_name, policy, chunks, runs, jwts) => {
    expect(retentionCutoffs(NOW, policy)).toEqual({
      now: NOW,
      chunksBefore: new Date(chunks),
      runsBefore: new Date(runs),
      jwtUsedBefore: new Date(jwts),
    });
  });
});

describe('the 03:30 UTC sweep slot', () => {
  it.each([
    ['after 03:30', '2027-01-10T12:00:00Z', '2027-01-10T03:30:00Z'],
    ['exactly at 03:30', '2027-01-10T03:30:00Z', '2027-01-10T03:30:00Z'],
    ['before 03:30 (yesterday’s slot)', '2027-01-10T03:29:59Z', '2027-01-09T03:30:00Z'],
    ['across a month end', '2027-03-01T01:00:00Z', '2027-02-28T03:30:00Z'],
  ])('takes the latest slot %s', (_name, now, slot) => {
    expect(lastSweepSlot(new Date(now))).toEqual(new Date(slot));
  });

  it.each([
    ['a minute that crosses 03:30', '2027-01-10T03:29:30Z', '2027-01-10T03:30:30Z', true],
    ['a check landing exactly on 03:30', '2027-01-10T03:29:00Z', '2027-01-10T03:30:00Z', true],
    ['a minute after the slot was crossed', '2027-01-10T03:30:30Z', '2027-01-10T03:31:30Z', false],
    ['a start later in the day (no catch-up)', '2027-01-10T09:00:00Z', '2027-01-10T09:01:00Z', false],
    ['a clock that jumped past a whole day', '2027-01-08T12:00:00Z', '2027-01-10T12:00:00Z', true],
  ])('is due on %s: %s', (_name, previous, now, due) => {
    expect(isSweepDue(new Date(previous), new Date(now))).toBe(due);
  });
});
