/** What a heartbeat's claim does with the runner row (SPEC §7.1, §9.1): one rule for every queue. */
import type { ClaimRequest } from '../../ports/model/queue.js';
import type { Runner, RunnerStatus } from '../../ports/model/runner.js';

/** The runner fields a claim stores: the heartbeat's self-description, its time and the status. */
export interface RunnerHeartbeat {
  labels: string[];
  capacity: number;
  hostName: string;
  version: string;
  lastHeartbeatAt: Date;
  status: RunnerStatus;
}

/**
 * What the queue does under the runner lock. `revoked`: store nothing. Otherwise store
 * `heartbeat`; for `try_claim`, first try to take the oldest claimable job matching
 * `heartbeat.labels`, and store `heartbeatWhenTaken` instead when one was taken.
 */
export type ClaimDecision =
  | { kind: 'revoked' }
  | { kind: 'draining' | 'at_capacity'; heartbeat: RunnerHeartbeat }
  | { kind: 'try_claim'; heartbeat: RunnerHeartbeat; heartbeatWhenTaken: RunnerHeartbeat };

/** The stored runner fields the decision reads. */
export type ClaimingRunner = Pick<
  Runner,
  'labels' | 'capacity' | 'hostName' | 'version' | 'drainingAt' | 'revokedAt'
>;

/**
 * Decides one claim for a runner read under its row lock, with `runningJobs` of its jobs
 * running:
 * - revoked → `revoked`, and nothing is stored;
 * - else the heartbeat is stored: the labels, capacity, host name and version it gives
 *   replace the stored ones, `lastHeartbeatAt = now`;
 * - draining → `draining`, busy while any of its jobs still runs;
 * - at capacity (see {@link isAtCapacity}, with the heartbeat's capacity) → `at_capacity`, busy;
 * - else `try_claim`: idle when nothing is taken; when a job is taken, busy if that job
 *   brings the runner to capacity.
 */
export function decideClaim(
  runner: ClaimingRunner,
  runningJobs: number,
  request: ClaimRequest,
): ClaimDecision {
  if (runner.revokedAt !== null) return { kind: 'revoked' };
  const capacity = request.capacity ?? runner.capacity;
  const beat = (status: RunnerStatus): RunnerHeartbeat => ({
    labels: request.labels ?? runner.labels,
    capacity,
    hostName: request.hostName ?? runner.hostName,
    version: request.version ?? runner.version,
    lastHeartbeatAt: request.now,
    status,
  });
  if (runner.drainingAt !== null) {
    return { kind: 'draining', heartbeat: beat(runningJobs > 0 ? 'busy' : 'idle') };
  }
  if (isAtCapacity(runningJobs, capacity)) return { kind: 'at_capacity', heartbeat: beat('busy') };
  return {
    kind: 'try_claim',
    heartbeat: beat('idle'),
    heartbeatWhenTaken: beat(isAtCapacity(runningJobs + 1, capacity) ? 'busy' : 'idle'),
  };
}

/**
 * A runner is at capacity — it takes no job and shows busy — when its running jobs, a job
 * it has just been given included, reach its capacity.
 */
export function isAtCapacity(runningJobs: number, capacity: number): boolean {
  return runningJobs >= capacity;
}
