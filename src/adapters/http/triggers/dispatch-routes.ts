/**
 * `POST /api/v1/repos/{o}/{r}/actions/workflows/{file}/dispatches` and the original path
 * without `/api/v1/repos` (SPEC §5): `{"ref"?, "inputs"?}` → 204.
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { authorizeRepoPath, WRITE_ACCESS } from '../../../domain/api/pat-access.js';
import { dispatchWorkflow } from '../../../domain/triggers/dispatch-workflow.js';
import { patAuth } from '../pat-api/auth.js';
import type { PatEnv } from '../pat-api/deps.js';
import { limitBody, readBody } from '../pat-api/request.js';
import type { TriggerRouteDeps } from './trigger-route-deps.js';

const DISPATCH = v.strictObject({
  ref: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  inputs: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()]))),
});

export function mountDispatchRoutes(app: Hono<PatEnv>, deps: TriggerRouteDeps): void {
  for (const prefix of ['/api/v1/repos', '']) {
    app.post(
      `${prefix}/:owner/:repo/actions/workflows/:file/dispatches`,
      limitBody,
      patAuth(deps),
      async (c) => {
        const caller = c.get('caller');
        const repo = await authorizeRepoPath(deps, {
          caller,
          repoPath: `${c.req.param('owner')}/${c.req.param('repo')}`,
          need: WRITE_ACCESS,
        });
        const body = await readBody(c, DISPATCH);
        await dispatchWorkflow(deps, {
          repo,
          actor: { id: caller.user.id, name: caller.user.name },
          file: c.req.param('file'),
          ...(body.ref === undefined ? {} : { ref: body.ref }),
          inputs: body.inputs ?? {},
        });
        return c.body(null, 204);
      },
    );
  }
}
