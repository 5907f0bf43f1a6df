import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { Random } from '../../ports/random.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { conflict, invalid } from '../errors.js';
import { mintRegistrationToken } from '../tokens/registration-token.js';
import { checkCapacity } from './capacity.js';
import { DEFAULT_RUNNER_LABELS, normaliseLabels } from './labels.js';
import { tokenExpiresAt } from './token-expiry.js';

const NAME = /^[A-Za-z0-9_-]{1,100}$/;

export interface RegisterRunnerInput {
  name: string;
  /** Absent or empty: {@link DEFAULT_RUNNER_LABELS}. */
  labels?: readonly string[];
  /** Concurrent jobs, 1..64; default 1. */
  capacity?: number;
  /** Token lifetime; absent means the token never expires. */
  expiresInMs?: number;
  registeredByUserId?: number | null;
}

/** A runner together with its new registration token, which is shown to the operator once. */
export interface IssuedRunnerToken {
  runner: Runner;
  /** 64 lowercase hex characters; only its hash is stored. */
  token: string;
  tokenExpiresAt: Date | null;
}

/** Checks a runner name: 1..100 of `A-Z a-z 0-9 _ -` (`invalid`, `runner.name_invalid`). */
export function checkRunnerName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) {
    throw invalid(
      'runner.name_invalid',
      `runner name "${trimmed}" must be 1 to 100 characters of A-Z a-z 0-9 _ -`,
    );
  }
  return trimmed;
}

/**
 * Registers a runner (status `offline` until its first heartbeat) and mints its first
 * registration token in one atomic store operation. Invalid name, labels, capacity or
 * expiry are `invalid`; a registered name is `conflict` (`runner.name_taken`).
 */
export async function registerRunner(
  deps: { runners: RunnerStore; clock: Clock; random: Random },
  input: RegisterRunnerInput,
): Promise<IssuedRunnerToken> {
  const name = checkRunnerName(input.name);
  const labels = normaliseLabels(input.labels ?? []);
  const capacity = checkCapacity(input.capacity ?? 1);
  const now = deps.clock.now();
  const expiresAt = tokenExpiresAt(now, input.expiresInMs);
  const minted = mintRegistrationToken(deps.random);

  const runner = await deps.runners.register(
    {
      name,
      labels: labels.length > 0 ? labels : [...DEFAULT_RUNNER_LABELS],
      capacity,
      registeredByUserId: input.registeredByUserId ?? null,
    },
    { tokenHash: minted.tokenHash, expiresAt },
    now,
  );
  if (runner === 'name_taken')
    throw conflict('runner.name_taken', `runner name "${name}" is already registered`);
  return { runner, token: minted.token, tokenExpiresAt: expiresAt };
}
