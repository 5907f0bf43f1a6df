/**
 * Sweep kind 1, `chunks` (SPEC §16): SQL log chunks older than the threshold whose step has
 * ended. They are still in SQL only because their finalisation never ran or failed (or, for
 * data older than the outbox, never existed), so each such step is finalised first — its
 * chunks reach the object store and are removed in the transaction that records the archive.
 * A step whose finalisation fails keeps its chunks and goes (back) into the outbox.
 */
import type { ClusterLock } from '../../ports/cluster-lock.js';
import type { RetentionCutoffs, RetentionStore } from '../../ports/retention-store.js';
import { type FinaliseDeps, finaliseStepLog } from '../logs/finalise-step-log.js';
import { LOG_FINALISATION_LOCK } from '../storage/lock-ids.js';

export type PruneChunksDeps = FinaliseDeps & { retention: RetentionStore; locks: ClusterLock };

/** Stale chunk rows read per listing (bounds each listing statement). */
export const CHUNK_SCAN_ROWS = 5_000;
/** Failures in a row after which the phase stops (the object store is likely down). */
export const MAX_FAILURES_IN_A_ROW = 10;

export interface PhaseResult {
  deleted: number;
  /** Rows kept for the next sweep because the object store failed. */
  failures: number;
}

/** Finalises every ended step with stale chunks, one step per transaction; `onBatch` after each listing. */
export async function pruneLogChunks(
  deps: PruneChunksDeps,
  cutoffs: RetentionCutoffs,
  onBatch: (deleted: number) => void,
): Promise<PhaseResult> {
  const skipped: number[] = [];
  const result: PhaseResult = { deleted: 0, failures: 0 };
  let inARow = 0;
  while (inARow < MAX_FAILURES_IN_A_ROW) {
    const stepIds = await deps.retention.staleChunkSteps(cutoffs.chunksBefore, skipped, CHUNK_SCAN_ROWS);
    if (stepIds.length === 0) break;
    let deleted = 0;
    for (const stepId of stepIds) {
      if (inARow >= MAX_FAILURES_IN_A_ROW) break;
      try {
        // Under the finalisation lock, waiting for it: the outbox loop may hold it briefly.
        const run = await deps.locks.run(LOG_FINALISATION_LOCK, () => finaliseStepLog(deps, stepId), {
          wait: true,
        });
        const outcome = run.acquired ? run.value : undefined;
        deleted += outcome?.chunksDeleted ?? 0;
        if (outcome?.outcome !== 'recorded') skipped.push(stepId);
        inARow = 0;
      } catch {
        skipped.push(stepId);
        result.failures++;
        inARow++;
        await deps.stepLogs.queueFinalisation([stepId], deps.clock.now());
      }
    }
    result.deleted += deleted;
    onBatch(deleted);
  }
  return result;
}
