/** `POST /api/v1/user/repos` (SPEC §7.3): a repository owned by the caller. */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { requireScope } from '../../../domain/api/pat-access.js';
import { createRepo } from '../../../domain/forge/repository.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { limitBody, readBody, readQuery } from './request.js';
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
}
