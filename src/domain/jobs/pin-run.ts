/** Run pinning (SPEC §16): a pinned run is never deleted by the retention sweep. */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Run } from '../../ports/model/run.js';
import { notFound } from '../errors.js';

/**
 * Pins (`pinned: true`) or unpins the run, atomically under its lock; setting the state it
 * already has changes nothing. not_found `run.not_found`. Returns the run as stored.
 */
export function setRunPinned(
  deps: { lifecycle: JobLifecycle; clock: Clock },
  input: { runId: number; pinned: boolean },
): Promise<Run> {
  return deps.lifecycle.transaction(deps.clock.now(), async (ledger) => {
    const locked = await ledger.lockRun(input.runId);
    if (!locked) throw notFound('run.not_found', `run ${input.runId} not found`);
    if (locked.run.pinned === input.pinned) return locked.run;
    return ledger.updateRun(input.runId, { pinned: input.pinned });
  });
}
