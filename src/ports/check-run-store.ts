import type { CheckRun } from './model/trigger.js';

/** Fields of a check run to create; it starts as given (usually `queued`). */
export type NewCheckRun = Omit<CheckRun, 'id' | 'appSlug' | 'createdAt' | 'updatedAt'>;

export type CheckRunPatch = Partial<Pick<CheckRun, 'status' | 'conclusion' | 'startedAt' | 'completedAt'>>;

/** Check runs of the `shithub-actions` app on commits (SPEC §5, facts §4.8). */
export interface CheckRunStore {
  /**
   * Inserts the check runs that do not exist yet (by repo + `externalId`) and leaves the
   * others untouched, atomically. Idempotent, so a replayed trigger may call it again.
   */
  ensureCheckRuns(checks: NewCheckRun[], at: Date): Promise<void>;

  /** Applies the patch to the check run; undefined (nothing written) when it is missing. */
  updateCheckRun(
    repoId: number,
    externalId: string,
    patch: CheckRunPatch,
    at: Date,
  ): Promise<CheckRun | undefined>;

  /** The check runs on one commit of one repository, by id. */
  listCheckRuns(repoId: number, headSha: string): Promise<CheckRun[]>;
}
