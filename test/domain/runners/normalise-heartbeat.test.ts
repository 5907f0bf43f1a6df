import { describe, expect, it } from 'vitest';
import {
  type HeartbeatFields,
  normaliseHeartbeat,
  truncateUtf8,
} from '../../../src/domain/runners/normalise-heartbeat.js';

const STORED: HeartbeatFields = { labels: ['linux'], capacity: 2, hostName: 'old-host', version: 'v1' };

describe('normaliseHeartbeat', () => {
  it.each([
    ['keeps everything stored for an empty heartbeat', {}, STORED],
    [
      'replaces labels, normalised',
      { labels: [' gpu', 'x64', 'gpu'] },
      { ...STORED, labels: ['gpu', 'x64'] },
    ],
    ['keeps stored labels for an empty list', { labels: [] }, STORED],
    ['keeps the stored capacity for 0', { capacity: 0 }, STORED],
    ['takes a new capacity', { capacity: 64 }, { ...STORED, capacity: 64 }],
    [
      'trims host name and version',
      { hostName: '  box-7 ', version: ' v2\n' },
      { ...STORED, hostName: 'box-7', version: 'v2' },
    ],
    ['keeps the previous host name and version when blank', { hostName: '   ', version: '' }, STORED],
  ])('%s', (_name, input, expected) => {
    expect(normaliseHeartbeat(input, STORED)).toEqual(expected);
  });

  it.each([
    ['65', 65],
    ['negative', -1],
    ['fractional', 2.5],
  ])('rejects capacity %s', (_name, capacity) => {
    expect(() => normaliseHeartbeat({ capacity }, STORED)).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'runner.capacity_invalid',
        message: 'capacity must be between 1 and 64',
      }),
    );
  });

  it('rejects an invalid label', () => {
    expect(() => normaliseHeartbeat({ labels: ['ubuntu latest'] }, STORED)).toThrow(
      expect.objectContaining({ code: 'runner.label_invalid' }),
    );
  });

  it('cuts a long host name to 255 bytes', () => {
    expect(normaliseHeartbeat({ hostName: 'h'.repeat(300) }, STORED).hostName).toBe('h'.repeat(255));
  });

  it('cuts a multi-byte version on a character boundary', () => {
    // 'é' is 2 bytes: 127 of them are 254 bytes, a 128th would cross 255.
    const version = normaliseHeartbeat({ version: 'é'.repeat(200) }, STORED).version;
    expect(version).toBe('é'.repeat(127));
    expect(Buffer.byteLength(version)).toBe(254);
  });
});

describe('truncateUtf8', () => {
  it.each([
    ['leaves short text alone', 'abc', 5, 'abc'],
    ['cuts ASCII at the limit', 'abcdef', 4, 'abcd'],
    ['drops a 3-byte character that would straddle', 'ab€', 4, 'ab'],
    ['keeps a 4-byte character that fits exactly', 'a😀b', 5, 'a😀'],
    ['drops a 4-byte character split in the middle', 'a😀', 3, 'a'],
    ['gives empty text when the first character is too wide', '😀', 2, ''],
  ])('%s', (_name, text, maxBytes, expected) => {
    expect(truncateUtf8(text, maxBytes)).toBe(expected);
  });
});
