import { describe, expect, it } from 'vitest';
import { buildMaskSet, MIN_MASK_LENGTH } from '../../../src/domain/logs/mask-set.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('buildMaskSet', () => {
  it('holds the value with its base64, URL-encoded and JSON-escaped forms', () => {
    const { texts } = buildMaskSet(['p@ss w"rd/1']);
    expect(texts).toEqual(
      expect.arrayContaining([
        'p@ss w"rd/1',
        b64('p@ss w"rd/1'),
        b64('p@ss w"rd/1').replace(/=+$/, ''),
        'p%40ss%20w%22rd%2F1',
        'p@ss w\\"rd/1',
      ]),
    );
  });

  it('adds each trimmed line of a multi-line value, and the forms of each line', () => {
    const { texts } = buildMaskSet(['-----BEGIN KEY-----\r\n  abcdef  \nxy\n']);
    expect(texts).toContain('-----BEGIN KEY-----\r\n  abcdef  \nxy\n');
    expect(texts).toContain('-----BEGIN KEY-----');
    expect(texts).toContain('abcdef');
    expect(texts).toContain(b64('abcdef'));
    expect(texts).toContain('-----BEGIN KEY-----\\r\\n  abcdef  \\nxy\\n');
    expect(texts).not.toContain('xy');
  });

  it('adds the base64 characters that survive the three byte alignments of an embedded value', () => {
    const { texts } = buildMaskSet(['hunter22']);
    for (const prefix of ['', 'a', 'ab']) {
      const stream = b64(`${prefix}hunter22${'tail'}`);
      expect(texts.some((t) => t.length >= 8 && stream.includes(t))).toBe(true);
    }
  });

  it(`ignores values shorter than ${MIN_MASK_LENGTH} characters`, () => {
    expect(buildMaskSet(['', 'a', 'on']).texts).toEqual([]);
    expect(buildMaskSet(['abc']).texts).toContain('abc');
  });

  it('orders masks longest first by UTF-8 length, deduplicated, independent of input order', () => {
    const a = buildMaskSet(['short-one', 'a-much-longer-secret', 'short-one', 'ééé1']);
    const b = buildMaskSet(['ééé1', 'a-much-longer-secret', 'short-one']);
    expect(a).toEqual(b);
    const lengths = a.bytes.map((m) => m.length);
    expect(lengths).toEqual([...lengths].sort((x, y) => y - x));
    expect(new Set(a.texts).size).toBe(a.texts.length);
    expect(a.bytes.map((m) => new TextDecoder().decode(m))).toEqual(a.texts);
  });

  it('survives a lone surrogate, which has no URL-encoded form', () => {
    expect(() => buildMaskSet(['abc\ud800def'])).not.toThrow();
  });

  it('is empty for no values', () => {
    expect(buildMaskSet([])).toEqual({ texts: [], bytes: [] });
  });
});
