/** The PAT-authenticated REST API (SPEC §7.3), mounted on the server's Hono app. */
import { Hono } from 'hono';
import { mountArtifactRoutes } from './artifact-routes.js';
import type { PatApiDeps, PatEnv } from './deps.js';
import { mountRunActionRoutes } from './run-action-routes.js';
import { mountRunReadRoutes } from './run-read-routes.js';
import { mountSecretRoutes } from './secret-routes.js';
import { mountUserRepoRoutes } from './user-repo-routes.js';
import { mountVariableRoutes } from './variable-routes.js';

/**
 * Adds the PAT routes to `app`; errors fall through to the app's `onError`. Middleware is
 * attached per route, never with `use`, so it cannot reach the runner API's routes that
 * share the `/api/v1/jobs/` prefix.
 */
export function mountPatApiRoutes(app: Hono, deps: PatApiDeps): void {
  const api = new Hono<PatEnv>();
  mountRunActionRoutes(api, deps);
  mountRunReadRoutes(api, deps);
  mountSecretRoutes(api, deps);
  mountVariableRoutes(api, deps);
  mountUserRepoRoutes(api, deps);
  const { artifacts } = deps;
  if (artifacts) mountArtifactRoutes(api, { ...deps, artifacts });
  app.route('/', api);
}
