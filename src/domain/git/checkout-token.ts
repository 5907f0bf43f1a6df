/** The job checkout token as a git password (SPEC §8.3): fetch only, claimed repo, job running. */
import type { Clock } from '../../ports/clock.js';
import type { JobTokens } from '../../ports/job-tokens.js';
import type { RunStore } from '../../ports/run-store.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { notFound, unauthenticated } from '../errors.js';

export interface CheckoutTokenDeps {
  jobTokens: JobTokens;
  runs: RunStore;
  runners: RunnerStore;
  clock: Clock;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** True when the password has the shape of a JWT (three base64url parts), not of a PAT. */
export function looksLikeJobToken(password: string): boolean {
  return JWT_SHAPE.test(password);
}

/**
 * Accepts a checkout token (reusable until it expires, never consumed) while its job is
 * running on the runner it names and that runner is not revoked; returns the runner id.
 * unauthenticated `job.token_invalid` for a bad, expired, non-checkout or stale token;
 * not_found `repo.not_found` when it was minted for another repository (`repoId` null: the
 * requested one does not exist).
 */
export async function authorizeCheckoutToken(
  deps: CheckoutTokenDeps,
  input: { token: string; repoId: number | null },
): Promise<number> {
  const rejected = unauthenticated('job.token_invalid', 'job token invalid');
  const verified = await deps.jobTokens.verify(input.token, deps.clock.now());
  if (verified === 'invalid' || verified.purpose !== 'checkout') throw rejected;
  if (input.repoId === null || verified.repoId !== input.repoId) {
    throw notFound('repo.not_found', 'repository not found');
  }
  const job = await deps.runs.getJob(verified.jobId);
  if (
    !job ||
    job.runId !== verified.runId ||
    job.status !== 'running' ||
    job.runnerId !== verified.runnerId
  ) {
    throw rejected;
  }
  const runner = await deps.runners.findById(verified.runnerId);
  if (!runner || runner.revokedAt !== null) throw rejected;
  return runner.id;
}
