/**
 * Repository secrets with a PAT (SPEC §7.3, §12): admin role on the repository (its
 * owner, a site admin or an admin collaborator) — the bar GitHub sets — and a `repo:write`
 * token to change them (any token lists the names). Values go in and never come out, not even into a log or an error.
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import {
  type AccessNeed,
  authorizeRepoPath,
  SECRETS_READ_ACCESS,
  SECRETS_WRITE_ACCESS,
} from '../../../domain/api/pat-access.js';
import { putRepoSecret } from '../../../domain/api/repo-secrets.js';
import { checkSecretName } from '../../../domain/forge/secret-rules.js';
import { deleteSecret, listSecrets } from '../../../domain/forge/secrets.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { limitBody, readBody, readQuery } from './request.js';
import { repoPath } from './serialise-run.js';

const BASE = '/api/v1/repos/:owner/:repo/actions/secrets';
const SECRET_BODY = v.strictObject({ value: v.string() });

export function mountSecretRoutes(app: Hono<PatEnv>, deps: PatApiDeps): void {
  const auth = patAuth(deps);
  const adminRepo = (c: Context<PatEnv>, need: AccessNeed = SECRETS_WRITE_ACCESS) =>
    authorizeRepoPath(deps, {
      caller: c.get('caller'),
      repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
      need,
    });

  app.get(BASE, auth, async (c) => {
    readQuery(c, []);
    const repo = await adminRepo(c, SECRETS_READ_ACCESS);
    const secrets = await listSecrets(deps, { repoPath: repoPath(repo) });
    return c.json({
      total_count: secrets.length,
      secrets: secrets.map((s) => ({
        name: s.name,
        created_at: s.createdAt.toISOString(),
        updated_at: s.updatedAt.toISOString(),
      })),
    });
  });

  app.put(`${BASE}/:name`, limitBody, auth, async (c) => {
    readQuery(c, []);
    const { value } = await readBody(c, SECRET_BODY);
    const repo = await adminRepo(c);
    const { created } = await putRepoSecret(deps, { repo, name: c.req.param('name'), value });
    return c.body(null, created ? 201 : 204);
  });

  app.delete(`${BASE}/:name`, auth, async (c) => {
    readQuery(c, []);
    // A name PUT would refuse is refused here too, before it reaches a query.
    checkSecretName(c.req.param('name'));
    const repo = await adminRepo(c);
    await deleteSecret(deps, { repoPath: repoPath(repo), name: c.req.param('name') });
    return c.body(null, 204);
  });
}
