import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  formatRegistrationToken,
  hashRegistrationToken,
  mintRegistrationToken,
  parseRegistrationToken,
} from '../../../src/domain/tokens/registration-token.js';
import { SeqRandom } from '../../support/seq-random.js';

const RAW = new Uint8Array(Array.from({ length: 32 }, (_, i) => i * 8));

describe('registration tokens', () => {
  it('formats 32 bytes as 64 lowercase hex characters', () => {
    const text = formatRegistrationToken(RAW);
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(text.startsWith('00081018')).toBe(true);
  });

  it('hashes the raw bytes, not the hex text', () => {
    const expected = createHash('sha256').update(RAW).digest();
    const ofText = createHash('sha256').update(formatRegistrationToken(RAW)).digest();
    expect(Buffer.from(hashRegistrationToken(RAW)).equals(expected)).toBe(true);
    expect(Buffer.from(hashRegistrationToken(RAW)).equals(ofText)).toBe(false);
  });

  it('mints from the random source and hashes what it shows', () => {
    const minted = mintRegistrationToken(new SeqRandom());
    expect(minted.token).toMatch(/^[0-9a-f]{64}$/);
    expect(minted.tokenHash).toEqual(hashRegistrationToken(parseRegistrationToken(minted.token)));
  });

  it.each([
    ['lowercase', formatRegistrationToken(RAW)],
    ['uppercase', formatRegistrationToken(RAW).toUpperCase()],
    ['surrounded by white space', `  ${formatRegistrationToken(RAW)}\n`],
  ])('parses a %s token back to its bytes', (_name, text) => {
    expect(parseRegistrationToken(text)).toEqual(RAW);
  });

  it.each([
    ['empty', ''],
    ['too short', 'ab'.repeat(31)],
    ['too long', 'ab'.repeat(33)],
    ['odd length', `${'ab'.repeat(31)}a`],
    ['not hex', 'zz'.repeat(32)],
    ['white space inside', `${'ab'.repeat(16)} ${'ab'.repeat(16)}`],
  ])('refuses a %s token as invalid', (_name, text) => {
    expect(() => parseRegistrationToken(text)).toThrow(
      expect.objectContaining({
        kind: 'unauthenticated',
        code: 'runner.token_invalid',
        message: 'runner token invalid',
      }),
    );
  });
});
