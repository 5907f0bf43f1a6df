/** Firing `pull_request` workflows for a pull request's head commit (SPEC §5, §12). */
import type { GitTransfer } from '../../ports/git-transfer.js';
import type { Repo } from '../../ports/model/forge.js';
import type { PullRequest } from '../../ports/model/trigger.js';
import type { PullRequestStore } from '../../ports/pull-request-store.js';
import { MAX_CHANGED_PATHS } from './record-push.js';
import type { TriggerActor } from './trigger-request.js';
import { type TriggerDeps, type TriggerReport, triggerWorkflows } from './trigger-workflows.js';

export interface PullRequestDeps extends TriggerDeps {
  pullRequests: PullRequestStore;
  gitTransfer: GitTransfer;
}

export type PullRequestAction = 'opened' | 'synchronize';

/** Where the base repository keeps a pull request's head commit. */
export function pullRequestHeadRef(number: number): string {
  return `refs/pull/${number}/head`;
}

/**
 * Copies the head commit into the base repository under `refs/pull/<n>/head`, fires the
 * base repository's `pull_request` workflows read at that commit (branch filters match the
 * base branch; the author is the actor, so an author without write access gets runs that
 * wait for approval), then records the commit as triggered. Idempotent per
 * `pr_<action>:<pr id>:<sha>`. Undefined when the base or head repository is gone.
 */
export async function firePullRequestTrigger(
  deps: PullRequestDeps,
  input: { pr: PullRequest; action: PullRequestAction },
): Promise<TriggerReport | undefined> {
  const { pr, action } = input;
  const base = await deps.repos.getRepoById(pr.baseRepoId);
  const head = await deps.repos.getRepoById(pr.headRepoId);
  if (!base || !head) return undefined;
  const ref = pullRequestHeadRef(pr.number);
  await deps.gitTransfer.copyCommit(head, base, pr.headSha, ref);
  const baseSha = (await deps.git.resolveCommit(base, `refs/heads/${pr.baseBranch}`))?.sha ?? '';
  const changedPaths = baseSha
    ? await deps.git.changedPaths(
        base,
        { from: baseSha, to: pr.headSha, sinceMergeBase: true },
        MAX_CHANGED_PATHS,
      )
    : null;
  const author = pr.authorUserId === null ? undefined : await deps.users.getUserById(pr.authorUserId);
  const actor: TriggerActor | null = author ? { id: author.id, name: author.name } : null;
  const report = await triggerWorkflows(deps, {
    repo: base,
    event: 'pull_request',
    match: { kind: 'pull_request', action, baseRef: `refs/heads/${pr.baseBranch}`, changedPaths },
    sha: pr.headSha,
    ref,
    payload: pullRequestPayload(pr, action, baseSha, actor),
    actor,
    triggerEventId: `pr_${action}:${pr.id}:${pr.headSha}`,
  });
  await deps.pullRequests.updatePullRequest(pr.id, { triggeredSha: pr.headSha }, deps.clock.now());
  return report;
}

/**
 * After a push of `branch` in `repo`: every open pull request with that head moves to `sha`
 * (stored first, so a failure below leaves a trigger owed for the retry loop) and fires
 * `synchronize`.
 */
export async function synchronizePullRequests(
  deps: PullRequestDeps,
  input: { repo: Repo; branch: string; sha: string },
): Promise<PullRequest[]> {
  const synced: PullRequest[] = [];
  for (const pr of await deps.pullRequests.listOpenByHead(input.repo.id, input.branch)) {
    if (pr.headSha === input.sha && pr.triggeredSha === input.sha) continue;
    const moved = await deps.pullRequests.updatePullRequest(pr.id, { headSha: input.sha }, deps.clock.now());
    if (!moved) continue;
    await firePullRequestTrigger(deps, {
      pr: moved,
      action: pr.triggeredSha === null ? 'opened' : 'synchronize',
    });
    synced.push(moved);
  }
  return synced;
}

/** The `pull_request` event payload (facts §12). */
function pullRequestPayload(
  pr: PullRequest,
  action: PullRequestAction,
  baseSha: string,
  actor: TriggerActor | null,
) {
  return {
    action,
    number: pr.number,
    pull_request: {
      number: pr.number,
      title: pr.title,
      head: { ref: pr.headBranch, sha: pr.headSha },
      base: { ref: pr.baseBranch, sha: baseSha },
      user: { login: actor?.name ?? '' },
    },
  };
}
