import { describe, expect, it } from 'vitest';
import {
  checkCsrfToken,
  csrfTokenFor,
  hashSessionToken,
  isWebTokenText,
  newWebToken,
  secretsMatch,
} from '../../../src/domain/sessions/session-token.js';
import { SeqRandom } from '../../support/seq-random.js';

describe('web session tokens', () => {
  it('makes 43-character base64url tokens that differ each time', () => {
    const random = new SeqRandom();
    const a = newWebToken(random);
    const b = newWebToken(random);
    expect(isWebTokenText(a)).toBe(true);
    expect(a).not.toBe(b);
    for (const bad of ['', 'x', `${a}=`, `${a.slice(0, 42)}!`, `${a}a`])
      expect(isWebTokenText(bad)).toBe(false);
  });

  it('derives a CSRF token that is neither the session token nor its stored hash', () => {
    const token = newWebToken(new SeqRandom());
    const csrf = csrfTokenFor(token);
    expect(csrf).toBe(csrfTokenFor(token));
    expect(csrf).not.toBe(token);
    expect(csrf).not.toBe(Buffer.from(hashSessionToken(token)).toString('base64url'));
    expect(csrfTokenFor(`${token.slice(0, 42)}A`)).not.toBe(csrf);
  });

  it.each([
    ['the same token', 'abc', 'abc', true],
    ['another token', 'abc', 'abd', false],
    ['a prefix', 'abc', 'ab', false],
    ['an empty expected token', '', '', false],
  ])('compares secrets in constant time: %s', (_name, expected, presented, ok) => {
    expect(secretsMatch(expected, presented)).toBe(ok);
  });

  it('refuses a missing or wrong CSRF token with forbidden csrf.invalid', () => {
    expect(() => checkCsrfToken('t', undefined)).toThrow(expect.objectContaining({ code: 'csrf.invalid' }));
    expect(() => checkCsrfToken('t', 'u')).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => checkCsrfToken('t', 't')).not.toThrow();
  });
});
