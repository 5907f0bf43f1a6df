/** Which runners could take a job now (SPEC §9.4, facts §6.4). */
import type { RunnerLoad } from '../../ports/model/queue.js';
import type { Runner } from '../../ports/model/runner.js';
import { matchesLabels } from './labels.js';

export const DEFAULT_STALE_AFTER_MS = 60_000;

/** Online: not revoked, not marked offline, and heard from within `staleAfterMs`. */
export function isRunnerOnline(runner: Runner, now: Date, staleAfterMs: number): boolean {
  if (runner.revokedAt !== null || runner.status === 'offline' || runner.lastHeartbeatAt === null)
    return false;
  return now.getTime() - runner.lastHeartbeatAt.getTime() <= staleAfterMs;
}

/** Runners that carry every requested label and are not revoked, online or not. */
export function labelMatches(runsOn: readonly string[], loads: readonly RunnerLoad[]): RunnerLoad[] {
  return loads.filter((load) => load.runner.revokedAt === null && matchesLabels(runsOn, load.runner.labels));
}

/** Runners that would claim such a job on their next heartbeat: matching, online, not draining. */
export function readyRunners(
  runsOn: readonly string[],
  loads: readonly RunnerLoad[],
  now: Date,
  staleAfterMs: number,
): RunnerLoad[] {
  return labelMatches(runsOn, loads).filter(
    (load) => isRunnerOnline(load.runner, now, staleAfterMs) && load.runner.drainingAt === null,
  );
}
