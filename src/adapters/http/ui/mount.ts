/**
 * The web UI (SPEC §17), mounted on the server's Hono app after the API and git routes.
 * Route order matters inside it: the fixed paths (`/static/…`, `/login`, `/admin/runners`)
 * come before the `/{owner}/{repo}` patterns they would otherwise fall into (`static`,
 * `login` and `api` are reserved owner names; a repository named `runners` of a user named
 * `admin` is shadowed by the runners page). Middleware is attached per route, never with
 * `use`, so it reaches no other area's routes. Errors answer as HTML pages.
 */
import { Hono } from 'hono';
import type { ErrorLogger, UnavailablePredicate } from '../errors.js';
import { mountAssetRoutes } from './assets.js';
import { pageErrorHandler } from './errors.js';
import { mountAdminRoutes } from './routes/admin-routes.js';
import { mountAuthRoutes } from './routes/auth-routes.js';
import { mountHomeRoutes } from './routes/home-routes.js';
import { mountJobRoutes } from './routes/job-routes.js';
import { mountLiveRoutes } from './routes/live-routes.js';
import { mountLogRoutes } from './routes/log-routes.js';
import { mountPullRoutes } from './routes/pull-routes.js';
import { mountRepoRoutes } from './routes/repo-routes.js';
import { mountRunActionRoutes } from './routes/run-action-routes.js';
import { mountRunRoutes } from './routes/run-routes.js';
import type { UiDeps, UiEnv } from './ui-deps.js';

export function mountUiRoutes(
  app: Hono,
  deps: UiDeps,
  logger: ErrorLogger,
  isUnavailable?: UnavailablePredicate,
): void {
  const ui = new Hono<UiEnv>();
  ui.onError(pageErrorHandler(logger, isUnavailable));
  mountAssetRoutes(ui);
  mountAuthRoutes(ui, deps);
  mountAdminRoutes(ui, deps);
  mountHomeRoutes(ui, deps);
  mountRepoRoutes(ui, deps);
  mountRunRoutes(ui, deps);
  mountRunActionRoutes(ui, deps);
  mountJobRoutes(ui, deps);
  mountLogRoutes(ui, deps);
  mountLiveRoutes(ui, deps, logger);
  mountPullRoutes(ui, deps);
  app.route('/', ui);
}
