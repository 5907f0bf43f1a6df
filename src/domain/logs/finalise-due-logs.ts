/**
 * One round of the log finalisation outbox: every due entry is finalised; a failure (the
 * object store down, say) is counted on the entry and retried later with a growing delay.
 * The caller runs rounds under the finalisation lock, so one replica drains at a time.
 */
import { type FinaliseDeps, finaliseStepLog } from './finalise-step-log.js';

/** First retry after 5 s, doubling per failed attempt, at most every 15 minutes. */
export function finalisationRetryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 5_000 * 2 ** Math.min(attempts, 20));
}

export interface FinalisationRound {
  /** Steps whose log is now archived (or had nothing to archive). */
  finalised: number;
  chunksDeleted: number;
  failed: { stepId: number; error: string }[];
}

/** Finalises up to `limit` due outbox entries, oldest first. */
export async function finaliseDueLogs(
  deps: FinaliseDeps,
  input: { limit: number },
): Promise<FinalisationRound> {
  const due = await deps.stepLogs.listDue(deps.clock.now(), input.limit);
  const round: FinalisationRound = { finalised: 0, chunksDeleted: 0, failed: [] };
  for (const entry of due) {
    try {
      const result = await finaliseStepLog(deps, entry.stepId);
      if (result.outcome === 'recorded') round.finalised++;
      round.chunksDeleted += result.chunksDeleted;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const retryAt = new Date(deps.clock.now().getTime() + finalisationRetryDelayMs(entry.attempts));
      await deps.stepLogs.deferFinalisation(entry.stepId, retryAt, error);
      round.failed.push({ stepId: entry.stepId, error });
    }
  }
  return round;
}
