/** Closing, reopening and renaming a pull request (SPEC §5). */

import type { Clock } from '../../ports/clock.js';
import type { Repo, RepoRole } from '../../ports/model/forge.js';
import type { PullRequest, PullRequestState } from '../../ports/model/trigger.js';
import type { PullRequestPatch, PullRequestStore } from '../../ports/pull-request-store.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { roleSatisfies } from '../forge/repo-permission.js';

/**
 * Applies `state` and/or `title`. The author or anyone with write access may. Reopening
 * fires nothing. Throws not_found `pull.not_found`, forbidden `pull.forbidden`, invalid
 * `pull.title_invalid`.
 */
export async function updatePullRequest(
  deps: { pullRequests: PullRequestStore; clock: Clock },
  input: {
    base: Repo;
    number: number;
    actorUserId: number;
    role: RepoRole;
    state?: PullRequestState;
    title?: string;
  },
): Promise<PullRequest> {
  const pr = await deps.pullRequests.getPullRequest(input.base.id, input.number);
  if (!pr) throw notFound('pull.not_found', `pull request #${input.number} not found`);
  if (pr.authorUserId !== input.actorUserId && !roleSatisfies(input.role, 'write')) {
    throw forbidden('pull.forbidden', 'only the author or a writer may change this pull request');
  }
  const now = deps.clock.now();
  const patch: PullRequestPatch = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title === '' || title.length > 256)
      throw invalid('pull.title_invalid', 'title must be 1-256 characters');
    patch.title = title;
  }
  if (input.state !== undefined && input.state !== pr.state) {
    patch.state = input.state;
    patch.closedAt = input.state === 'closed' ? now : null;
  }
  return (await deps.pullRequests.updatePullRequest(pr.id, patch, now)) ?? pr;
}
