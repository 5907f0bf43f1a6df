/**
 * When each log line arrived (issue #9, timestamps): marks from chunks, compaction, and the
 * time of each line from its first byte.
 */
import { describe, expect, it } from 'vitest';
import { compactTimes, lineTimes, storedLogTimes } from '../../../src/domain/logs/log-times.js';
import type { LogTimeMark } from '../../../src/ports/step-log-archive.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const chunk = (seq: number, text: string, at: number) => ({
  stepId: 1,
  seq,
  chunk: bytes(text),
  createdAt: new Date(at),
});

describe('log line times', () => {
  it('marks each SQL chunk after the archived part, keeping the archive’s own marks', () => {
    const marks = storedLogTimes({
      archived: { key: 'k', byteCount: 10, sha256: 'x' },
      archivedTimes: [
        [0, 1000],
        [4, 2000],
      ],
      chunks: [chunk(0, 'abc', 5000), chunk(1, 'de', 5000), chunk(2, 'f', 9000)],
    });
    expect(marks).toEqual([
      [0, 1000],
      [4, 2000],
      [10, 5000],
      [15, 9000],
    ]);
  });

  it('drops marks that add nothing and thins a long step to the limit', () => {
    expect(
      compactTimes([
        [0, 1],
        [3, 1],
        [5, 2],
        [5, 3],
        [9, 3],
      ]),
    ).toEqual([
      [0, 1],
      [5, 3],
    ]);
    const many: LogTimeMark[] = Array.from({ length: 10_000 }, (_, i) => [i * 10, i * 1000]);
    const thinned = compactTimes(many, 4096);
    expect(thinned.length).toBeLessThanOrEqual(4096);
    expect(thinned[0]).toEqual([0, 0]);
    // Every kept mark is one of the originals, in order.
    expect(thinned.every(([o, t]) => t === o * 100)).toBe(true);
    expect(thinned.every((m, i) => i === 0 || m[0] > thinned[i - 1]![0])).toBe(true);
  });

  it('gives a line the time of the mark that covers its first byte', () => {
    const marks: LogTimeMark[] = [
      [0, 100],
      [4, 200],
      [9, 300],
    ];
    // Lines start at 0 ("a\n"), 2 ("bcdef\n": begins before mark 4), 8 ("g\n"), 10 ("h").
    expect(lineTimes(marks, 0, bytes('a\nbcdef\ng\nh'), 4)).toEqual([100, 100, 200, 300]);
    // Read from the middle of the log (the live tail): offsets count from `offset`.
    expect(lineTimes(marks, 8, bytes('g\nh'), 2)).toEqual([200, 300]);
  });

  it('has no time for lines before the first mark, and none at all without marks', () => {
    expect(lineTimes([[4, 500]], 0, bytes('old\nnew\n'), 2)).toEqual([null, 500]);
    expect(lineTimes([], 0, bytes('a\nb\n'), 2)).toEqual([null, null]);
    expect(lineTimes([[0, 1]], 0, bytes(''), 0)).toEqual([]);
  });
});
