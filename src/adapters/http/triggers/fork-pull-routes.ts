/**
 * Forks and pull requests, API only (SPEC §5): `POST …/forks`, `POST …/pulls`,
 * `GET` / `PATCH …/pulls/{n}`.
 */

import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { type AccessNeed, authorizeRepoPath, READ_ACCESS } from '../../../domain/api/pat-access.js';
import { notFound } from '../../../domain/errors.js';
import { repoPermission } from '../../../domain/forge/repo-permission.js';
import { INT4 } from '../../../domain/integer-ranges.js';
import { forkRepo } from '../../../domain/triggers/fork-repo.js';
import { openPullRequest } from '../../../domain/triggers/open-pull-request.js';
import { updatePullRequest } from '../../../domain/triggers/update-pull-request.js';
import type { PullRequest } from '../../../ports/model/trigger.js';
import { patAuth } from '../pat-api/auth.js';
import type { PatEnv } from '../pat-api/deps.js';
import { limitBody, pathId, readBody } from '../pat-api/request.js';
import { repoJson } from '../pat-api/serialise-run.js';
import { pullJson } from './pull-json.js';
import type { TriggerRouteDeps } from './trigger-route-deps.js';

const REPO = '/api/v1/repos/:owner/:repo';
/** Reading the base repository is enough to fork it or propose a change; the token must write. */
const PROPOSE: AccessNeed = { role: 'read', scope: 'repo:write' };

const NEW_PULL = v.strictObject({
  title: v.string(),
  head: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  base: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  body: v.optional(v.string()),
});
const PULL_PATCH = v.strictObject({
  state: v.optional(v.picklist(['open', 'closed'])),
  title: v.optional(v.string()),
});

export function mountForkPullRoutes(app: Hono<PatEnv>, deps: TriggerRouteDeps): void {
  const auth = patAuth(deps);
  const repoOf = (c: Context<PatEnv>, need: AccessNeed) =>
    authorizeRepoPath(deps, {
      caller: c.get('caller'),
      repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
      need,
    });
  const prNumber = (c: Context<PatEnv>) =>
    pathId(c.req.param('number'), () => notFound('pull.not_found', 'pull request not found'), INT4);

  app.post(`${REPO}/forks`, limitBody, auth, async (c) => {
    const source = await repoOf(c, PROPOSE);
    await readBody(c, v.strictObject({}));
    const fork = await forkRepo(deps, { source, ownerUserId: c.get('caller').user.id });
    return c.json(repoJson(fork, deps.baseUrl), 202);
  });

  app.post(`${REPO}/pulls`, limitBody, auth, async (c) => {
    const base = await repoOf(c, PROPOSE);
    const body = await readBody(c, NEW_PULL);
    const caller = c.get('caller');
    const opened = await openPullRequest(deps, {
      base,
      authorUserId: caller.user.id,
      title: body.title,
      head: body.head,
      baseBranch: body.base,
    });
    if (opened.triggerError) {
      deps.logger.error(
        { repo_id: base.id, pull_request_id: opened.pr.id, err: opened.triggerError },
        'pull request trigger failed; it will be retried',
      );
    }
    return c.json(await render(deps, opened.pr), 201);
  });

  app.get(`${REPO}/pulls/:number`, auth, async (c) => {
    const base = await repoOf(c, READ_ACCESS);
    const pr = await deps.pullRequests.getPullRequest(base.id, prNumber(c));
    if (!pr) throw notFound('pull.not_found', 'pull request not found');
    return c.json(await render(deps, pr));
  });

  app.patch(`${REPO}/pulls/:number`, limitBody, auth, async (c) => {
    const base = await repoOf(c, PROPOSE);
    const body = await readBody(c, PULL_PATCH);
    const caller = c.get('caller');
    const role = (await repoPermission(deps, { userId: caller.user.id, repo: base })) ?? 'read';
    const pr = await updatePullRequest(deps, {
      base,
      number: prNumber(c),
      actorUserId: caller.user.id,
      role,
      ...(body.state === undefined ? {} : { state: body.state }),
      ...(body.title === undefined ? {} : { title: body.title }),
    });
    return c.json(await render(deps, pr));
  });
}

async function render(deps: TriggerRouteDeps, pr: PullRequest) {
  const base = await deps.repos.getRepoById(pr.baseRepoId);
  if (!base) throw notFound('pull.not_found', 'pull request not found');
  const head = await deps.repos.getRepoById(pr.headRepoId);
  const author = pr.authorUserId === null ? undefined : await deps.users.getUserById(pr.authorUserId);
  return pullJson(pr, { base, head, authorName: author?.name ?? null, baseUrl: deps.baseUrl });
}
