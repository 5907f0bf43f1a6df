import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { unauthenticated } from '../errors.js';
import { hashRegistrationToken, parseRegistrationToken } from '../tokens/registration-token.js';

const BEARER = 'Bearer ';

/**
 * Finds the runner presenting `Authorization: Bearer <registration token>`. A missing or
 * non-Bearer header is `unauthenticated` (`runner.token_required`); a malformed, unknown,
 * revoked or expired token, or a revoked runner, is `unauthenticated` (`runner.token_invalid`).
 * A token is expired from its `expiresAt` instant on.
 */
export async function authenticateRunner(
  deps: { runners: Pick<RunnerStore, 'findByTokenHash'>; clock: Clock },
  authorizationHeader: string | undefined,
): Promise<Runner> {
  return (await authenticateRunnerToken(deps, authorizationHeader)).runner;
}

/** `authenticateRunner`, also telling when the presented token expires (null: never). */
export async function authenticateRunnerToken(
  deps: { runners: Pick<RunnerStore, 'findByTokenHash'>; clock: Clock },
  authorizationHeader: string | undefined,
): Promise<{ runner: Runner; tokenExpiresAt: Date | null }> {
  if (!authorizationHeader?.startsWith(BEARER)) {
    throw unauthenticated('runner.token_required', 'runner token required');
  }
  const presentedHash = hashRegistrationToken(
    parseRegistrationToken(authorizationHeader.slice(BEARER.length)),
  );
  const found = await deps.runners.findByTokenHash(presentedHash);
  if (!found || !timingSafeEqual(found.token.tokenHash, presentedHash)) throw tokenInvalid();

  const { runner, token } = found;
  const now = deps.clock.now();
  if (token.revokedAt !== null || runner.revokedAt !== null) throw tokenInvalid();
  if (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime()) throw tokenInvalid();
  return { runner, tokenExpiresAt: token.expiresAt };
}

function tokenInvalid() {
  return unauthenticated('runner.token_invalid', 'runner token invalid');
}
