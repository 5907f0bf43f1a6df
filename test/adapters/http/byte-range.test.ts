import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../src/adapters/http/byte-range.js';

describe('parseByteRange', () => {
  it.each([
    ['no header', undefined, 100, undefined],
    ['a closed range', 'bytes=10-19', 100, { start: 10, end: 19 }],
    ['an open range', 'bytes=90-', 100, { start: 90, end: 99 }],
    ['a range past the end (cut)', 'bytes=95-200', 100, { start: 95, end: 99 }],
    ['a suffix', 'bytes=-10', 100, { start: 90, end: 99 }],
    ['a suffix longer than the body', 'bytes=-500', 100, { start: 0, end: 99 }],
    ['a start at the end', 'bytes=100-', 100, 'unsatisfiable'],
    ['a zero suffix', 'bytes=-0', 100, 'unsatisfiable'],
    ['any range of an empty body', 'bytes=0-', 0, 'unsatisfiable'],
    ['several ranges (ignored)', 'bytes=0-1,5-6', 100, undefined],
    ['another unit (ignored)', 'items=0-1', 100, undefined],
    ['a reversed range (ignored)', 'bytes=9-3', 100, undefined],
    ['no numbers (ignored)', 'bytes=-', 100, undefined],
  ])('reads %s', (_name, header, total, expected) => {
    expect(parseByteRange(header, total)).toEqual(expected);
  });
});
