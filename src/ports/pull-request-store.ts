import type { PullRequest } from './model/trigger.js';

/** Fields of a new pull request; the store assigns id and number and opens it. */
export type NewPullRequest = Omit<
  PullRequest,
  'id' | 'number' | 'state' | 'triggeredSha' | 'updatedAt' | 'closedAt'
>;

export type PullRequestPatch = Partial<
  Pick<PullRequest, 'title' | 'headSha' | 'state' | 'triggeredSha' | 'closedAt'>
>;

/** Pull requests (SPEC §5): the durable record their `pull_request` triggers are fired from. */
export interface PullRequestStore {
  /**
   * Atomically inserts an open pull request with `number` = the base repository's highest
   * + 1; two concurrent callers never get the same number.
   */
  createPullRequest(input: NewPullRequest): Promise<PullRequest>;

  /** The pull request `number` of the base repository, or undefined. */
  getPullRequest(baseRepoId: number, number: number): Promise<PullRequest | undefined>;

  /** The pull request with this id, or undefined. */
  getPullRequestById(id: number): Promise<PullRequest | undefined>;

  /** Up to `limit` pull requests of the base repository, open and closed, newest (highest number) first. */
  listByBase(baseRepoId: number, limit: number): Promise<PullRequest[]>;

  /** Open pull requests whose head is `headBranch` of `headRepoId`, by id. */
  listOpenByHead(headRepoId: number, headBranch: string): Promise<PullRequest[]>;

  /** Applies the patch and stamps `updatedAt`; returns the new row or undefined. */
  updatePullRequest(id: number, patch: PullRequestPatch, at: Date): Promise<PullRequest | undefined>;

  /**
   * Open pull requests whose `triggeredSha` differs from `headSha` (a trigger still owed),
   * updated at or before `updatedBefore`, by id, at most `limit`.
   */
  listUntriggered(updatedBefore: Date, limit: number): Promise<PullRequest[]>;
}
