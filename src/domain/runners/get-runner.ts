import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { conflict, type DomainError, notFound } from '../errors.js';

/** The `not_found` error for an unknown runner id (`runner 7 not found`). */
export function runnerNotFound(id: number): DomainError {
  return notFound('runner.not_found', `runner ${id} not found`);
}

/** The `conflict` error for an operation refused because the runner is revoked. */
export function runnerRevoked(id: number): DomainError {
  return conflict('runner.revoked', `runner ${id} is revoked`);
}

/** Reads one runner; an unknown id is `not_found` (`runner.not_found`). */
export async function getRunner(deps: { runners: RunnerStore }, id: number): Promise<Runner> {
  const runner = await deps.runners.findById(id);
  if (!runner) throw runnerNotFound(id);
  return runner;
}
