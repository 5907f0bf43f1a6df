import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { DrainChange, RunnerStore } from '../../ports/runner-store.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { notifyRunnerChanged } from '../runner-api/wake-runners.js';
import { runnerNotFound, runnerRevoked } from './get-runner.js';
import { normaliseReason } from './reason.js';

/** The drain reason when the operator gives none. */
export const DEFAULT_DRAIN_REASON = 'operator requested drain';

/** With `wake` (inside `serve`), the runner's waiting heartbeats and cached state see the change. */
type DrainDeps = { runners: RunnerStore; clock: Clock; wake?: WakeBus };

/**
 * Drains a runner: its heartbeats keep working and claimed jobs may finish, but it is
 * offered no new job. Draining again keeps the first `drainingAt` and replaces the reason.
 * Unknown id: `not_found`; revoked runner: `conflict` (`runner.revoked`); reason over
 * 1000 bytes: `invalid`.
 */
export async function drainRunner(deps: DrainDeps, input: { id: number; reason?: string }): Promise<Runner> {
  const reason = normaliseReason(input.reason, DEFAULT_DRAIN_REASON);
  const now = deps.clock.now();
  return applyDrain(deps, input.id, { reason, at: now }, now);
}

/** Ends a drain (clears `drainingAt` and `drainReason`); same errors as {@link drainRunner}. */
export async function undrainRunner(deps: DrainDeps, input: { id: number }): Promise<Runner> {
  return applyDrain(deps, input.id, null, deps.clock.now());
}

async function applyDrain(
  deps: DrainDeps,
  id: number,
  change: DrainChange | null,
  now: Date,
): Promise<Runner> {
  const result = await deps.runners.setDrain(id, change, now);
  if (result === 'not_found') throw runnerNotFound(id);
  if (result === 'revoked') throw runnerRevoked(id);
  if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, id, change ? 'drained' : 'undrained');
  return result;
}
