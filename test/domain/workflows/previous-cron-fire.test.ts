import { describe, expect, it } from 'vitest';
import { previousCronFire } from '../../../src/domain/workflows/cron.js';

describe('previousCronFire', () => {
  it.each([
    [
      'a fire time exactly at the instant counts',
      '0 * * * *',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ],
    ['just after a fire time', '0 * * * *', '2026-03-02T10:00:00.001Z', '2026-03-02T10:00:00.000Z'],
    ['just before a fire time', '0 * * * *', '2026-03-02T09:59:59.999Z', '2026-03-02T09:00:00.000Z'],
    ['every 15 minutes', '*/15 * * * *', '2026-03-02T10:44:10.000Z', '2026-03-02T10:30:00.000Z'],
    [
      'a weekday (Monday) from a Wednesday',
      '30 4 * * 1',
      '2026-03-04T12:00:00.000Z',
      '2026-03-02T04:30:00.000Z',
    ],
    ['extra spaces', '  5   3 * * *  ', '2026-03-02T10:00:00.000Z', '2026-03-02T03:05:00.000Z'],
  ])('%s', (_name, cron, at, expected) => {
    expect(previousCronFire(cron, new Date(at))?.toISOString()).toBe(expected);
  });

  it.each([['not a cron'], ['* * * *'], ['61 * * * *']])('answers null for %s', (cron) => {
    expect(previousCronFire(cron, new Date('2026-03-02T10:00:00Z'))).toBeNull();
  });
});
