import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { notifyRunnerChanged } from '../runner-api/wake-runners.js';
import { mintRegistrationToken } from '../tokens/registration-token.js';
import { runnerNotFound, runnerRevoked } from './get-runner.js';
import type { IssuedRunnerToken } from './register-runner.js';
import { tokenExpiresAt } from './token-expiry.js';

/**
 * Issues a new registration token and, in the same atomic store operation, revokes every
 * earlier token of the runner. With `wake`, heartbeats waiting on an earlier token end and
 * every replica's cached token is dropped. Unknown id: `not_found`; revoked runner:
 * `conflict` (`runner.revoked`); a non-positive expiry: `invalid`.
 */
export async function rotateRegistrationToken(
  deps: { runners: RunnerStore; clock: Clock; random: Random; wake?: WakeBus },
  input: { id: number; expiresInMs?: number },
): Promise<IssuedRunnerToken> {
  const now = deps.clock.now();
  const expiresAt = tokenExpiresAt(now, input.expiresInMs);
  const minted = mintRegistrationToken(deps.random);
  const result = await deps.runners.rotateToken(input.id, { tokenHash: minted.tokenHash, expiresAt }, now);
  if (result === 'not_found') throw runnerNotFound(input.id);
  if (result === 'revoked') throw runnerRevoked(input.id);
  if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, input.id, 'rotated');
  return { runner: result, token: minted.token, tokenExpiresAt: expiresAt };
}
