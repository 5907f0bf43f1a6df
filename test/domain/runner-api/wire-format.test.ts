import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../src/domain/errors.js';
import { decodeLogChunk, MAX_LOG_CHUNK_BYTES } from '../../../src/domain/runner-api/append-log-chunk.js';
import { checkoutUrl } from '../../../src/domain/runner-api/claim-payload.js';
import { formatWireTime, parseWireTime } from '../../../src/domain/runner-api/wire-time.js';

function codeOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return isDomainError(err) ? `${err.kind}:${err.code}:${err.message}` : String(err);
  }
  return 'ok';
}

describe('decodeLogChunk', () => {
  it.each([
    ['padded', 'aGVsbG8gZnJvbSBjdXJsCg==', 'hello from curl\n'],
    ['unpadded', 'aGVsbG8gZnJvbSBjdXJsCg', 'hello from curl\n'],
    ['one padding character', 'aGk/', 'hi?'],
    ['line-wrapped as base64(1) prints it', 'aGVs\nbG8=\r\n', 'hello'],
  ])('decodes %s standard base64', (_name, text, expected) => {
    expect(Buffer.from(decodeLogChunk(text)).toString('utf8')).toBe(expected);
  });

  it.each([
    ['URL-safe alphabet', 'a-_b'],
    ['padding in the middle', 'aG=k'],
    ['a length of 4n+1', 'aGVsb'],
    ['padding with a bad length', 'aGk=='],
    ['too much padding', 'aA==='],
    ['spaces', 'aGVs bG8='],
  ])('refuses %s', (_name, text) => {
    expect(codeOf(() => decodeLogChunk(text))).toBe('invalid:log.chunk_not_base64:chunk must be base64');
  });

  it.each([
    ['empty', ''],
    ['only padding', '=='],
    ['over 512 KiB', Buffer.alloc(MAX_LOG_CHUNK_BYTES + 1).toString('base64')],
  ])('refuses a chunk that is %s', (_name, text) => {
    expect(codeOf(() => decodeLogChunk(text))).toMatch(/^invalid:log\.chunk_(size|not_base64):/);
  });

  it('accepts exactly 512 KiB', () => {
    expect(decodeLogChunk(Buffer.alloc(MAX_LOG_CHUNK_BYTES, 1).toString('base64')).length).toBe(
      MAX_LOG_CHUNK_BYTES,
    );
  });
});

describe('checkoutUrl', () => {
  it.each([
    ['https://forge.example', 'alice', 'app', 'https://forge.example/alice/app.git'],
    ['https://forge.example/', 'alice', 'app', 'https://forge.example/alice/app.git'],
    ['http://h:8080/sub', 'a b', 'c#d', 'http://h:8080/sub/a%20b/c%23d.git'],
    ['', 'alice', 'app', ''],
  ])('%s + %s/%s → %s', (base, owner, repo, url) => {
    expect(checkoutUrl(base, owner, repo)).toBe(url);
  });
});

describe('wire times', () => {
  it.each([
    ['2026-01-01T00:15:00.000Z', '2026-01-01T00:15:00Z'],
    ['2026-01-01T00:15:00.250Z', '2026-01-01T00:15:00.250Z'],
  ])('formats %s as %s', (iso, wire) => {
    expect(formatWireTime(new Date(iso))).toBe(wire);
  });

  it.each([
    ['2026-01-01T00:15:00Z', '2026-01-01T00:15:00.000Z'],
    ['2026-01-01T00:15:00.123456789Z', '2026-01-01T00:15:00.123Z'],
    ['2026-01-01T02:15:00+02:00', '2026-01-01T00:15:00.000Z'],
  ])('reads the runner’s %s', (wire, iso) => {
    expect(parseWireTime(wire)?.toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-01-01', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00'])(
    'refuses %s',
    (text) => {
      expect(parseWireTime(text)).toBeUndefined();
    },
  );
});
