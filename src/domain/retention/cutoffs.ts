/** The retention thresholds (SPEC §16; `retention.*` in the configuration) and their instants. */
import type { RetentionCutoffs } from '../../ports/retention-store.js';

export interface RetentionPolicy {
  /** SQL log chunks of ended steps older than this are archived and removed (7). */
  stepLogChunkDays: number;
  /** Unpinned ended runs completed longer ago than this are deleted (365). */
  runDays: number;
  /** Consumed job-token rows older than this are deleted (30). */
  jwtUsedDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { stepLogChunkDays: 7, runDays: 365, jwtUsedDays: 30 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instants the sweep compares with: `now` minus each threshold. A row exactly at a
 * cut-off is kept (comparisons are strictly "before").
 */
export function retentionCutoffs(now: Date, policy: RetentionPolicy): RetentionCutoffs {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    now,
    chunksBefore: ago(policy.stepLogChunkDays),
    runsBefore: ago(policy.runDays),
    jwtUsedBefore: ago(policy.jwtUsedDays),
  };
}
