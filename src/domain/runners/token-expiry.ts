import { invalid } from '../errors.js';

/**
 * When a token minted at `now` expires: `null` (never) without `expiresInMs`, else
 * `now + expiresInMs`. Zero, negative or non-finite durations are `invalid`
 * (`runner.expiry_invalid`); callers map an operator's "0 = never" to `undefined`.
 */
export function tokenExpiresAt(now: Date, expiresInMs: number | undefined): Date | null {
  if (expiresInMs === undefined) return null;
  if (!Number.isFinite(expiresInMs) || expiresInMs <= 0) {
    throw invalid('runner.expiry_invalid', 'token expiry must be a positive duration');
  }
  return new Date(now.getTime() + expiresInMs);
}

/** How long before a registration token expires the runner warns and `/metrics` counts it. */
export const TOKEN_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60_000;

/**
 * True when a token expiring at `expiresAt` still works at `now` but stops within
 * {@link TOKEN_EXPIRY_WARNING_MS} (issue #12 fix 8). A token that never expires is never soon.
 */
export function isExpiringSoon(expiresAt: Date | null, now: Date): boolean {
  if (expiresAt === null) return false;
  const leftMs = expiresAt.getTime() - now.getTime();
  return leftMs > 0 && leftMs <= TOKEN_EXPIRY_WARNING_MS;
}
