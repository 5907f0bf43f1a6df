/** Retry pacing of the runner (SPEC §13): exponential from 1 s, capped at 30 s. */

export const BACKOFF_FIRST_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/** The wait before retry number `attempt` (0-based): 1 s, 2 s, 4 s … 30 s, 30 s … */
export function backoffDelayMs(attempt: number): number {
  const exponent = Math.min(Math.max(0, attempt), 16);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** exponent);
}

/** A rejection worth retrying as it is: rate limited, or the server is unwell. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
