import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { notifyRunnerChanged } from '../runner-api/wake-runners.js';
import { runnerNotFound } from './get-runner.js';
import { normaliseReason } from './reason.js';

/** The revoke reason when the operator gives none. */
export const DEFAULT_REVOKE_REASON = 'operator revoked';

/**
 * Revokes a runner for good, atomically: revoked time and reason are kept from the first
 * revoke, it is drained if it was not, marked `offline`, and every token still valid is
 * revoked. Revoking again succeeds with `tokensRevoked: 0`. With `wake`, its waiting
 * heartbeats end and every replica's cached token is dropped. Unknown id: `not_found`;
 * reason over 1000 bytes: `invalid`.
 */
export async function revokeRunner(
  deps: { runners: RunnerStore; clock: Clock; wake?: WakeBus },
  input: { id: number; reason?: string },
): Promise<{ runner: Runner; tokensRevoked: number }> {
  const reason = normaliseReason(input.reason, DEFAULT_REVOKE_REASON);
  const result = await deps.runners.revoke(input.id, reason, deps.clock.now());
  if (result === 'not_found') throw runnerNotFound(input.id);
  if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, input.id, 'revoked');
  return result;
}
