/**
 * Web UI session tokens and the CSRF tokens derived from them (SPEC §17). The browser holds
 * the session token in an HttpOnly cookie; the database holds its SHA-256; every form holds
 * a CSRF token that is a one-way function of the session token, so a page that shows it
 * reveals neither the session nor anything a database dump would give away.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Random } from '../../ports/random.js';
import { forbidden } from '../errors.js';

const TOKEN_BYTES = 32;
/** base64url of 32 bytes, no padding. */
const TOKEN_TEXT = /^[A-Za-z0-9_-]{43}$/;
const CSRF_DOMAIN = 'shithub web csrf v1\u0000';

/** A fresh random token (32 bytes, base64url): a session token or a sign-in form nonce. */
export function newWebToken(random: Random): string {
  return Buffer.from(random.bytes(TOKEN_BYTES)).toString('base64url');
}

/** True when `text` has the shape of a token from `newWebToken` (checked before any lookup). */
export function isWebTokenText(text: string): boolean {
  return TOKEN_TEXT.test(text);
}

/** SHA-256 of the session token's text: what the session store keeps and looks up. */
export function hashSessionToken(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/** The synchroniser token of the session's forms (domain-separated from the stored hash). */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(CSRF_DOMAIN).update(sessionToken, 'utf8').digest('base64url');
}

/** Compares two secrets in constant time (both are hashed first, so lengths leak nothing). */
export function secretsMatch(expected: string, presented: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/**
 * Throws forbidden `csrf.invalid` unless `presented` equals `expected` (constant time). The
 * message says what to do, never either value.
 */
export function checkCsrfToken(expected: string, presented: string | undefined): void {
  if (presented === undefined || !secretsMatch(expected, presented)) {
    throw forbidden(
      'csrf.invalid',
      'the form is out of date or was not sent by this site: reload and try again',
    );
  }
}
