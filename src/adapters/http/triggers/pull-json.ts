/** Pull requests in GitHub's REST shape (the fields this server has). */
import type { Repo } from '../../../ports/model/forge.js';
import type { PullRequest } from '../../../ports/model/trigger.js';

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

export function pullJson(
  pr: PullRequest,
  ctx: { base: Repo; head: Repo | undefined; authorName: string | null; baseUrl: string },
) {
  const basePath = `${ctx.base.ownerName}/${ctx.base.name}`;
  const headPath = ctx.head ? `${ctx.head.ownerName}/${ctx.head.name}` : null;
  return {
    id: pr.id,
    number: pr.number,
    title: pr.title,
    state: pr.state,
    user: ctx.authorName === null ? null : { login: ctx.authorName },
    head: {
      label: `${ctx.head?.ownerName ?? ''}:${pr.headBranch}`,
      ref: pr.headBranch,
      sha: pr.headSha,
      repo: headPath === null ? null : { full_name: headPath },
    },
    base: { ref: pr.baseBranch, repo: { full_name: basePath } },
    created_at: iso(pr.createdAt),
    updated_at: iso(pr.updatedAt),
    closed_at: iso(pr.closedAt),
    url: `${ctx.baseUrl}/api/v1/repos/${basePath}/pulls/${pr.number}`,
  };
}
