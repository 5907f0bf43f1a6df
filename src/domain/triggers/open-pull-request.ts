/** Opening a pull request (SPEC §5): `head` is `branch` or `forkowner:branch`. */
import type { Repo } from '../../ports/model/forge.js';
import type { PullRequest } from '../../ports/model/trigger.js';
import { DomainError, invalid } from '../errors.js';
import { isValidBranchName } from '../forge/git-ref-name.js';
import { quote } from '../forge/names.js';
import { repoPermission } from '../forge/repo-permission.js';
import { firePullRequestTrigger, type PullRequestDeps } from './fire-pull-request.js';
import type { TriggerReport } from './trigger-workflows.js';

const MAX_TITLE_LENGTH = 256;

export interface OpenedPullRequest {
  pr: PullRequest;
  /** Undefined when firing failed: the trigger stays owed and `retryPendingTriggers` fires it. */
  report?: TriggerReport;
  triggerError?: string;
}

/**
 * Stores the pull request first (the durable record), then fires `opened`. Throws invalid
 * `pull.title_invalid`; unprocessable `pull.base_invalid` (no such branch) or
 * `pull.head_invalid` (unknown branch, or a repository that is not this one or a fork of it
 * the author can read).
 */
export async function openPullRequest(
  deps: PullRequestDeps,
  input: { base: Repo; authorUserId: number; title: string; head: string; baseBranch: string },
): Promise<OpenedPullRequest> {
  const title = input.title.trim();
  if (title === '' || title.length > MAX_TITLE_LENGTH) {
    throw invalid('pull.title_invalid', `title must be 1-${MAX_TITLE_LENGTH} characters`);
  }
  const baseRef = isValidBranchName(input.baseBranch)
    ? await deps.git.resolveCommit(input.base, `refs/heads/${input.baseBranch}`)
    : undefined;
  if (!baseRef)
    throw unprocessable('pull.base_invalid', `base branch ${quote(input.baseBranch)} does not exist`);
  const { repo: headRepo, branch } = await findHead(deps, input);
  const headRef = await deps.git.resolveCommit(headRepo, `refs/heads/${branch}`);
  if (!headRef) throw unprocessable('pull.head_invalid', `head branch ${quote(input.head)} does not exist`);
  const pr = await deps.pullRequests.createPullRequest({
    baseRepoId: input.base.id,
    title,
    authorUserId: input.authorUserId,
    headRepoId: headRepo.id,
    headBranch: branch,
    headSha: headRef.sha,
    baseBranch: input.baseBranch,
    createdAt: deps.clock.now(),
  });
  try {
    const report = await firePullRequestTrigger(deps, { pr, action: 'opened' });
    return { pr: (await deps.pullRequests.getPullRequestById(pr.id)) ?? pr, ...(report ? { report } : {}) };
  } catch (err) {
    return { pr, triggerError: err instanceof Error ? err.message : String(err) };
  }
}

async function findHead(
  deps: PullRequestDeps,
  input: { base: Repo; authorUserId: number; head: string },
): Promise<{ repo: Repo; branch: string }> {
  const colon = input.head.indexOf(':');
  const ownerName = colon < 0 ? input.base.ownerName : input.head.slice(0, colon);
  const branch = colon < 0 ? input.head : input.head.slice(colon + 1);
  const bad = unprocessable(
    'pull.head_invalid',
    `head ${quote(input.head)} is not a branch of this repository or a fork of it`,
  );
  if (!isValidBranchName(branch)) throw bad;
  if (ownerName.toLowerCase() === input.base.ownerName.toLowerCase()) return { repo: input.base, branch };
  const fork = await deps.repos.getRepoByPath(ownerName, input.base.name);
  if (!fork || fork.forkOfRepoId !== input.base.id) throw bad;
  if ((await repoPermission(deps, { userId: input.authorUserId, repo: fork })) === null) throw bad;
  return { repo: fork, branch };
}

function unprocessable(code: string, message: string): DomainError {
  return new DomainError('unprocessable', code, message);
}
