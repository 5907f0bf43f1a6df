/** `workflow_step_log_times.marks` as text: round trips, and text that does not parse reads as no marks. */
import { describe, expect, it } from 'vitest';
import { decodeLogTimes, encodeLogTimes } from '../../../src/adapters/postgres/log-times-codec.js';
import type { LogTimeMark } from '../../../src/ports/step-log-archive.js';

describe('log times codec', () => {
  it('round-trips marks, times that go back included, and stays small', () => {
    const marks: LogTimeMark[] = [
      [0, 1_767_225_600_000],
      [4096, 1_767_225_601_250],
      [9000, 1_767_225_600_900],
      [2 ** 40, 1_767_225_700_000],
    ];
    expect(decodeLogTimes(encodeLogTimes(marks))).toEqual(marks);
    expect(encodeLogTimes([])).toBe('');
    expect(decodeLogTimes('')).toEqual([]);
    const long: LogTimeMark[] = Array.from({ length: 4096 }, (_, i) => [
      i * 2000,
      1_767_225_600_000 + i * 1000,
    ]);
    expect(encodeLogTimes(long).length).toBeLessThan(40_000);
    expect(decodeLogTimes(encodeLogTimes(long))).toEqual(long);
  });

  it('reads text that does not parse as no marks', () => {
    expect(decodeLogTimes('1.2,x')).toEqual([]);
    expect(decodeLogTimes('1')).toEqual([]);
  });
});
