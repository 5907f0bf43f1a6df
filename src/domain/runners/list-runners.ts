import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';

/** One row of `admin runner list`: the runner, its running jobs and its heartbeat age. */
export interface RunnerListEntry extends Runner {
  activeJobCount: number;
  /** Whole seconds since the last heartbeat (never negative); `null` before the first one. */
  lastHeartbeatAgeSeconds: number | null;
}

/** Whole seconds from `then` to `now`, floored and never negative. */
export function ageSeconds(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / 1000));
}

/** Every runner, revoked ones included, ordered by name, with load and heartbeat age. */
export async function listRunners(deps: { runners: RunnerStore; clock: Clock }): Promise<RunnerListEntry[]> {
  const now = deps.clock.now();
  const rows = await deps.runners.listWithLoad();
  return rows.map(({ runner, activeJobCount }) => ({
    ...runner,
    activeJobCount,
    lastHeartbeatAgeSeconds: runner.lastHeartbeatAt ? ageSeconds(runner.lastHeartbeatAt, now) : null,
  }));
}
