/** Storing a planned run (SPEC §5, facts §4.2–4.4). */
import type { Clock } from '../../ports/clock.js';
import type { PlannedRun } from '../../ports/model/run.js';
import type { EnqueuedRun, RunStore } from '../../ports/run-store.js';
import { invalid } from '../errors.js';

/** A `jobs:` key, or `<caller>/<job>` for a job a reusable workflow call brought in. */
const JOB_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,99}(\/[A-Za-z_][A-Za-z0-9_-]{0,99})?$/;
export const MIN_TIMEOUT_MINUTES = 1;
export const MAX_TIMEOUT_MINUTES = 4320;

/**
 * Checks what the schema relies on: job keys valid and unique, every `needs` naming
 * another job of the run, timeouts within 1..4320 minutes. invalid `run.invalid_plan`.
 */
export function validatePlannedRun(planned: PlannedRun): void {
  const keys = new Set<string>();
  for (const job of planned.jobs) {
    if (!JOB_KEY.test(job.jobKey)) throw badPlan(`job key ${JSON.stringify(job.jobKey)} is not valid`);
    if (keys.has(job.jobKey)) throw badPlan(`job key ${job.jobKey} appears twice`);
    keys.add(job.jobKey);
    const timeout = job.timeoutMinutes;
    if (!Number.isInteger(timeout) || timeout < MIN_TIMEOUT_MINUTES || timeout > MAX_TIMEOUT_MINUTES) {
      throw badPlan(`job ${job.jobKey}: timeout-minutes must be between 1 and 4320`);
    }
  }
  for (const job of planned.jobs) {
    for (const need of job.needsJobs) {
      if (need === job.jobKey || !keys.has(need))
        throw badPlan(`job ${job.jobKey} needs unknown job ${need}`);
    }
  }
}

/**
 * Validates and stores a run atomically (see `RunStore.enqueueRun`): idempotent per
 * trigger id, `created: false` on a replay.
 */
export async function enqueueRun(
  deps: { runs: RunStore; clock: Clock },
  planned: PlannedRun,
): Promise<EnqueuedRun> {
  validatePlannedRun(planned);
  return deps.runs.enqueueRun(planned, deps.clock.now());
}

function badPlan(message: string) {
  return invalid('run.invalid_plan', message);
}
