/** The runner's warning about its own registration token (issue #12 fix 8). */
import type { Clock } from '../../ports/clock.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import { isExpiringSoon } from '../runners/token-expiry.js';

/** A token about to expire is named again at most this often, not on every heartbeat. */
export const TOKEN_WARNING_INTERVAL_MS = 24 * 60 * 60_000;

/** When the runner last warned about its token; null before the first warning. */
export interface TokenWarningState {
  tokenWarnedAt?: Date | null;
}

/**
 * Warns in the runner's log when the server says its registration token expires within 7
 * days (`isExpiringSoon`): on the first heartbeat that says so, then once a day until it is
 * rotated. `expiresAt` undefined: the server did not say (or the token never expires).
 */
export function warnOfTokenExpiry(
  deps: { log: RunnerLog; clock: Clock },
  state: TokenWarningState,
  expiresAt: Date | undefined,
): void {
  const now = deps.clock.now();
  if (!expiresAt || !isExpiringSoon(expiresAt, now)) return;
  const last = state.tokenWarnedAt;
  if (last && now.getTime() - last.getTime() < TOKEN_WARNING_INTERVAL_MS) return;
  state.tokenWarnedAt = now;
  deps.log.warn('registration token expires soon: rotate it with shithubd admin runner rotate-token', {
    expires_at: expiresAt.toISOString(),
    hours_left: Math.floor((expiresAt.getTime() - now.getTime()) / 3_600_000),
  });
}
