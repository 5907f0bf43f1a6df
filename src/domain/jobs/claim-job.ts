/** One heartbeat's claim (SPEC §7.1, §9.1, §10.5). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { ClaimOutcome } from '../../ports/model/queue.js';
import { invalid } from '../errors.js';
import { MAX_RUNNER_CAPACITY, MIN_RUNNER_CAPACITY } from '../runners/capacity.js';
import type { FinalisedJobs } from './finalise-jobs.js';
import { reconcileActiveJobs } from './lost-runners.js';

export interface ClaimJobInput {
  runnerId: number;
  labels?: string[];
  capacity?: number;
  hostName?: string;
  version?: string;
  /** What the runner says it runs now; jobs it no longer runs are ended `runner_lost` first. */
  activeJobIds?: number[];
}

export interface ClaimJobResult {
  outcome: ClaimOutcome;
  /** Jobs ended because the runner no longer listed them (empty without `activeJobIds`). */
  reconciled: FinalisedJobs;
}

/**
 * Reconciles `activeJobIds` (when given, for a known, unrevoked runner) so lost jobs free
 * their slots, then makes the atomic claim of `JobQueue.claim`. invalid
 * `heartbeat.invalid_capacity` when capacity is outside 1..64.
 */
export async function claimJob(
  deps: { queue: JobQueue; lifecycle: JobLifecycle; clock: Clock },
  input: ClaimJobInput,
): Promise<ClaimJobResult> {
  const { activeJobIds, ...heartbeat } = input;
  if (
    heartbeat.capacity !== undefined &&
    !(
      Number.isInteger(heartbeat.capacity) &&
      heartbeat.capacity >= MIN_RUNNER_CAPACITY &&
      heartbeat.capacity <= MAX_RUNNER_CAPACITY
    )
  ) {
    throw invalid(
      'heartbeat.invalid_capacity',
      `capacity must be an integer between ${MIN_RUNNER_CAPACITY} and ${MAX_RUNNER_CAPACITY}`,
    );
  }
  let reconciled: FinalisedJobs = { finalisedJobIds: [], completedRunIds: [] };
  if (activeJobIds) {
    const runner = await deps.lifecycle.findRunner(input.runnerId);
    if (runner && runner.revokedAt === null) {
      reconciled = await reconcileActiveJobs(deps, { runnerId: runner.id, activeJobIds });
    }
  }
  const outcome = await deps.queue.claim({ ...heartbeat, now: deps.clock.now() });
  return { outcome, reconciled };
}
