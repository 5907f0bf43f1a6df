/** Trigger records (SPEC §5): durable push events, pull requests and check runs. */
import type { Conclusion } from './run.js';

/** A commit as a push payload describes it (facts §12 `head_commit`). */
export interface CommitInfo {
  id: string;
  message: string;
  author: { name: string; email: string };
  timestamp: Date;
}

/**
 * `pending` until processed (discovery and enqueue done); `failed` once retries gave up
 * (an operator may still replay it with `admin run-job workflow:trigger`).
 */
export type PushEventStatus = 'pending' | 'processed' | 'failed';

/** One updated branch or tag of one accepted push; written before anything is enqueued. */
export interface PushEvent {
  id: number;
  repoId: number;
  pusherUserId: number | null;
  /** Full ref name (`refs/heads/trunk`, `refs/tags/v1`). */
  ref: string;
  /** 40 zeros for a new ref. */
  before: string;
  /** The commit the ref points at now (annotated tags peeled). */
  after: string;
  headCommit: CommitInfo;
  /** Paths changed between before and after; null when unknown (new ref, too many). */
  changedPaths: string[] | null;
  status: PushEventStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  processedAt: Date | null;
}

export type PullRequestState = 'open' | 'closed';

/** A minimal pull request: a head branch (maybe in a fork) proposed onto a base branch. */
export interface PullRequest {
  id: number;
  baseRepoId: number;
  /** Per base repository, from 1. */
  number: number;
  title: string;
  authorUserId: number | null;
  headRepoId: number;
  headBranch: string;
  /** The head commit the pull request shows now (copied to `refs/pull/<n>/head` of the base). */
  headSha: string;
  baseBranch: string;
  state: PullRequestState;
  /** The head commit whose `pull_request` workflows were last fired; null before the first. */
  triggeredSha: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed';

/** A check run on a commit; one per workflow job (`external_id` names it). */
export interface CheckRun {
  id: number;
  repoId: number;
  headSha: string;
  appSlug: string;
  /** `workflow_run:<run_id>:job:<job_key>`, or `workflow_run:<run_id>` for a run without jobs. */
  externalId: string;
  name: string;
  status: CheckStatus;
  conclusion: Conclusion | null;
  detailsUrl: string;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
