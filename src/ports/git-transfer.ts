import type { GitRepoRef } from './git-reader.js';

/** Copies git objects between repositories of this server (forks and pull request heads). */
export interface GitTransfer {
  /**
   * Creates `to` as a bare copy of every branch and tag of `from`, with HEAD naming
   * `defaultBranch`. Atomic: the repository appears complete or not at all. `'exists'`
   * (nothing touched) when `to` is already there.
   */
  cloneRepository(from: GitRepoRef, to: GitRepoRef, defaultBranch: string): Promise<'created' | 'exists'>;

  /**
   * Fetches commit `sha` (and its history) from `from` into `to` and points `ref` at it,
   * forced. Idempotent. Throws when `from` does not hold `sha`.
   */
  copyCommit(from: GitRepoRef, to: GitRepoRef, sha: string, ref: string): Promise<void>;
}
