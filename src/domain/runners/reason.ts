import { invalid } from '../errors.js';

/** Longest drain or revoke reason, in UTF-8 bytes (`drain_reason`, `revoked_reason`). */
export const MAX_REASON_BYTES = 1000;

/**
 * Trims an operator's reason; blank or absent gives `fallback`. Longer than 1000 bytes is
 * `invalid` (`runner.reason_invalid`).
 */
export function normaliseReason(reason: string | undefined, fallback: string): string {
  const text = reason?.trim() ?? '';
  if (text === '') return fallback;
  if (Buffer.byteLength(text, 'utf8') > MAX_REASON_BYTES) {
    throw invalid('runner.reason_invalid', `reason must be at most ${MAX_REASON_BYTES} bytes`);
  }
  return text;
}
