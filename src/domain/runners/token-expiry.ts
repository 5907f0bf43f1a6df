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
