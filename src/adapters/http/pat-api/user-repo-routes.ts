/**
 * The caller's own things (SPEC §7.3): `POST /api/v1/user/repos` creates a repository it
 * owns; `DELETE /api/v1/user/tokens/{id}` revokes one of its access tokens (issue #12),
 * whatever the presenting token's scopes, so a leaked token can be switched off with itself.
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { requireScope } from '../../../domain/api/pat-access.js';
import { notFound } from '../../../domain/errors.js';
import { createRepo } from '../../../domain/forge/repository.js';
import { revokeOwnAccessToken } from '../../../domain/tokens/personal-access-token.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { limitBody, pathId, readBody, readQuery } from './request.js';
import { repoJson } from './serialise-run.js';

const NEW_REPO = v.strictObject({
  name: v.string(),
  private: v.optional(v.boolean()),
  default_branch: v.optional(v.string()),
});

export function mountUserRepoRoutes(app: Hono<PatEnv>, deps: PatApiDeps): void {
  app.post('/api/v1/user/repos', limitBody, patAuth(deps), async (c) => {
    readQuery(c, []);
    const body = await readBody(c, NEW_REPO);
    const caller = c.get('caller');
    requireScope(caller, 'repo:write');
    const repo = await createRepo(deps, {
      ownerName: caller.user.name,
      name: body.name,
      isPrivate: body.private ?? false,
      ...(body.default_branch === undefined ? {} : { defaultBranch: body.default_branch }),
    });
    return c.json(repoJson(repo, deps.baseUrl), 201);
  });

  app.delete('/api/v1/user/tokens/:id', patAuth(deps), async (c) => {
    readQuery(c, []);
    const id = pathId(c.req.param('id'), () => notFound('token.not_found', 'access token not found'));
    await revokeOwnAccessToken(deps, { userId: c.get('caller').user.id, id });
    return c.body(null, 204);
  });
}
