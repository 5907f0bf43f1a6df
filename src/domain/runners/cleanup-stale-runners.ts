import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { invalid } from '../errors.js';

/** `cleanup-stale` default silence before a runner is marked offline (facts §6.4). */
export const DEFAULT_CLEANUP_OLDER_THAN_MS = 2 * 60_000;

/**
 * Marks `offline` every non-revoked runner that is not offline yet and has been silent for
 * longer than `olderThanMs` (or never sent a heartbeat); returns them ordered by name.
 * Jobs are left alone. A non-positive `olderThanMs` is `invalid` (`runner.older_than_invalid`).
 */
export async function cleanupStaleRunners(
  deps: { runners: RunnerStore; clock: Clock },
  input: { olderThanMs: number },
): Promise<Runner[]> {
  if (!Number.isFinite(input.olderThanMs) || input.olderThanMs <= 0) {
    throw invalid('runner.older_than_invalid', 'older-than must be a positive duration');
  }
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - input.olderThanMs);
  const marked = await deps.runners.markStaleOffline(cutoff, now);
  return marked.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
