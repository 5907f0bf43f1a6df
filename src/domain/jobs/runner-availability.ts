/** Which runners could take a job now (SPEC §9.4, facts §6.4). */

import type { RunnerLoad } from '../../ports/model/queue.js';
import { isRunnerOnline } from '../runners/is-runner-online.js';
import { matchesLabels } from './labels.js';

/** Default of `actions.runner_stale_after`: silent longer than this, a runner counts as offline. */
export const DEFAULT_STALE_AFTER_MS = 60_000;

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
