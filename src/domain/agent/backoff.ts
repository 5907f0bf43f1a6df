/**
 * Retry pacing of the runner (SPEC §13): exponential from 1 s, capped at 30 s, with "full
 * jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): the wait is drawn
 * uniformly from [0, ceiling] instead of being the ceiling itself. Why: when a server
 * restarts, every runner's calls fail at the same instant; with fixed delays they all
 * retry in lock-step (1 s, 2 s, 4 s … later, together), so the returning server is hit by
 * the whole fleet at once, again and again. Full jitter spreads the retries over the
 * window (and halves the average wait). A `Retry-After` from the server stays a floor:
 * the callers wait the longer of it and the drawn delay.
 */
import type { Random } from '../../ports/random.js';

export const BACKOFF_FIRST_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/** The longest wait before retry number `attempt` (0-based): 1 s, 2 s, 4 s … 30 s, 30 s … */
export function backoffCeilingMs(attempt: number): number {
  const exponent = Math.min(Math.max(0, attempt), 16);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** exponent);
}

/**
 * The wait before retry number `attempt` (0-based): a whole number of milliseconds drawn
 * uniformly from [0, `backoffCeilingMs(attempt)`], both ends included.
 */
export function backoffDelayMs(deps: { random: Random }, attempt: number): number {
  const ceiling = backoffCeilingMs(attempt);
  const bytes = deps.random.bytes(4);
  const fraction = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32;
  return Math.floor(fraction * (ceiling + 1));
}

/** A rejection worth retrying as it is: rate limited, or the server is unwell. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
