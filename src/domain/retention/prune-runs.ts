/**
 * Sweep kind 3, `runs` (SPEC §16): unpinned ended runs completed before the threshold.
 * Every object under `actions/runs/<run_id>/` (log archives, artifacts) is deleted first;
 * then the rows, whose deletion cascades to everything the run owns. An object-store
 * failure keeps the run for the next sweep, and the delete re-checks the run, so one
 * pinned meanwhile survives. Small batches: a run's cascade can be thousands of rows.
 */
import type { ObjectStore } from '../../ports/object-store.js';
import type { RetentionCutoffs, RetentionStore } from '../../ports/retention-store.js';
import { runObjectPrefix } from '../storage/object-keys.js';
import type { PhaseResult } from './prune-log-chunks.js';

export type PruneRunsDeps = { retention: RetentionStore; objects: ObjectStore };

/** Runs deleted per transaction. */
export const RUN_BATCH = 10;

/** Deletes expired runs' objects, then the runs, in batches of `RUN_BATCH`. */
export async function pruneRuns(
  deps: PruneRunsDeps,
  cutoffs: RetentionCutoffs,
  onBatch: (deleted: number) => void,
): Promise<PhaseResult> {
  const result: PhaseResult = { deleted: 0, failures: 0 };
  for (let afterId = 0; ; ) {
    const runIds = await deps.retention.expiredRuns(cutoffs.runsBefore, afterId, RUN_BATCH);
    if (runIds.length === 0) return result;
    afterId = runIds[runIds.length - 1]!;
    const cleared: number[] = [];
    for (const runId of runIds) {
      try {
        for (const object of await deps.objects.list(runObjectPrefix(runId)))
          await deps.objects.delete(object.key);
        cleared.push(runId);
      } catch {
        result.failures++;
      }
    }
    const deleted = (await deps.retention.deleteRuns(cleared, cutoffs.runsBefore)).length;
    result.deleted += deleted;
    onBatch(deleted);
  }
}
