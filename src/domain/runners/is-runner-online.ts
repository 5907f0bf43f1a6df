import type { Runner } from '../../ports/model/runner.js';

/**
 * Whether a runner counts as online: not revoked, not `offline`, and heard from within
 * `staleAfterMs` of `now` (a runner that never sent a heartbeat is not online).
 */
export function isRunnerOnline(
  runner: Pick<Runner, 'revokedAt' | 'status' | 'lastHeartbeatAt'>,
  now: Date,
  staleAfterMs: number,
): boolean {
  if (runner.revokedAt !== null || runner.status === 'offline' || runner.lastHeartbeatAt === null)
    return false;
  return now.getTime() - runner.lastHeartbeatAt.getTime() <= staleAfterMs;
}
