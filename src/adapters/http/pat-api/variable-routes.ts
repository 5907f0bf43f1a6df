/**
 * Repository configuration variables with a PAT (`vars`, workflow parity): GitHub's
 * shapes, with `PUT` creating or replacing one (GitHub's `POST`/`PATCH` are not offered;
 * its body may repeat the name, GitHub's `{name, value}`).
 * The bar is the one of secrets — the repository's admins, a `repo:write` token to change
 * them, any token to read. Values are plain text: variables are never secret.
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import {
  type AccessNeed,
  authorizeRepoPath,
  SECRETS_READ_ACCESS,
  SECRETS_WRITE_ACCESS,
} from '../../../domain/api/pat-access.js';
import { invalid } from '../../../domain/errors.js';
import {
  checkVariableName,
  deleteVariable,
  getVariable,
  listVariables,
  setVariable,
} from '../../../domain/forge/variables.js';
import type { Variable } from '../../../ports/model/variable.js';
import { patAuth } from './auth.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { limitBody, readBody, readQuery } from './request.js';
import { repoPath } from './serialise-run.js';

const BASE = '/api/v1/repos/:owner/:repo/actions/variables';
const VARIABLE_BODY = v.strictObject({ value: v.string(), name: v.optional(v.string()) });
const PAGE = /^[1-9][0-9]{0,5}$/;

const variableJson = (variable: Variable) => ({
  name: variable.name,
  value: variable.value,
  created_at: variable.createdAt.toISOString(),
  updated_at: variable.updatedAt.toISOString(),
});

export function mountVariableRoutes(app: Hono<PatEnv>, deps: PatApiDeps): void {
  const auth = patAuth(deps);
  const adminRepo = (c: Context<PatEnv>, need: AccessNeed = SECRETS_WRITE_ACCESS) =>
    authorizeRepoPath(deps, {
      caller: c.get('caller'),
      repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
      need,
    });

  app.get(BASE, auth, async (c) => {
    const query = readQuery(c, ['per_page', 'page']);
    const perPage = Math.min(PAGE.test(query.per_page ?? '') ? Number(query.per_page) : 30, 100);
    const page = PAGE.test(query.page ?? '') ? Number(query.page) : 1;
    const repo = await adminRepo(c, SECRETS_READ_ACCESS);
    const variables = await listVariables(deps, { repoPath: repoPath(repo) });
    return c.json({
      total_count: variables.length,
      variables: variables.slice((page - 1) * perPage, page * perPage).map(variableJson),
    });
  });

  app.get(`${BASE}/:name`, auth, async (c) => {
    readQuery(c, []);
    const repo = await adminRepo(c, SECRETS_READ_ACCESS);
    return c.json(
      variableJson(await getVariable(deps, { repoPath: repoPath(repo), name: c.req.param('name') })),
    );
  });

  app.put(`${BASE}/:name`, limitBody, auth, async (c) => {
    readQuery(c, []);
    const body = await readBody(c, VARIABLE_BODY);
    const name = c.req.param('name');
    checkVariableName(name);
    if (body.name !== undefined && body.name.toLowerCase() !== name.toLowerCase())
      throw invalid('variable.name_mismatch', 'the body names another variable than the path');
    const repo = await adminRepo(c);
    const { created } = await setVariable(deps, { repoPath: repoPath(repo), name, value: body.value });
    return c.body(null, created ? 201 : 204);
  });

  app.delete(`${BASE}/:name`, auth, async (c) => {
    readQuery(c, []);
    // A name PUT would refuse is refused here too, before it reaches a query.
    checkVariableName(c.req.param('name'));
    const repo = await adminRepo(c);
    await deleteVariable(deps, { repoPath: repoPath(repo), name: c.req.param('name') });
    return c.body(null, 204);
  });
}
