/**
 * What the retention sweep (SPEC §16) reads and deletes, in small batches: every method is
 * one short statement or transaction, so the sweep never holds locks for long. Reads are
 * plain (no locks); deletes re-check their condition inside the statement, so a row that
 * changed since it was listed (a run pinned meanwhile) is kept.
 */

/** The instants the sweep compares with; see `retentionCutoffs`. */
export interface RetentionCutoffs {
  now: Date;
  /** Chunks created before this are stale. */
  chunksBefore: Date;
  /** Runs completed before this are expired. */
  runsBefore: Date;
  /** Consumed job tokens used before this are dropped. */
  jwtUsedBefore: Date;
}

/** An artifact row whose `expires_at` has passed. */
export interface ExpiredArtifact {
  id: number;
  runId: number;
  objectKey: string;
}

/** How many rows each kind would touch now (for `--dry-run`; artifacts are paged instead). */
export interface StaleCounts {
  chunks: number;
  runs: number;
  jwtUsed: number;
}

export interface RetentionStore {
  /**
   * Terminal steps owning chunks created before `before`, taken from the `scanChunks`
   * oldest such chunks, each step once, steps in `skipStepIds` left out.
   */
  staleChunkSteps(before: Date, skipStepIds: number[], scanChunks: number): Promise<number[]>;

  /** Artifacts expired at `now` with id above `afterId`, in id order, at most `limit`. */
  expiredArtifacts(now: Date, afterId: number, limit: number): Promise<ExpiredArtifact[]>;

  /** Deletes these artifact rows (one statement); answers how many existed. */
  deleteArtifacts(ids: number[]): Promise<number>;

  /**
   * Unpinned terminal runs completed before `before`, with id above `afterId`, in id
   * order, at most `limit`.
   */
  expiredRuns(before: Date, afterId: number, limit: number): Promise<number[]>;

  /**
   * Deletes those of these runs still unpinned, terminal and completed before `before`,
   * with everything they own (jobs, steps, chunks, carries, artifacts rows, job tokens) in
   * one transaction. Answers the ids deleted.
   */
  deleteRuns(runIds: number[], before: Date): Promise<number[]>;

  /**
   * Deletes at most `limit` consumed job tokens used before `before` whose token has
   * expired by `now` (one statement); answers how many.
   */
  deleteUsedJwts(before: Date, now: Date, limit: number): Promise<number>;

  /** The stale chunk, expired run and old token rows there are now. A plain read. */
  countStale(cutoffs: RetentionCutoffs): Promise<StaleCounts>;
}
