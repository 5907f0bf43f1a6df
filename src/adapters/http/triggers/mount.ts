/** Dispatch, fork and pull request routes, mounted on the server's Hono app. */
import { Hono } from 'hono';
import type { PatEnv } from '../pat-api/deps.js';
import { mountDispatchRoutes } from './dispatch-routes.js';
import { mountForkPullRoutes } from './fork-pull-routes.js';
import type { TriggerRouteDeps } from './trigger-route-deps.js';

/** Middleware is attached per route (never `use`), so it reaches no other area's routes. */
export function mountTriggerRoutes(app: Hono, deps: TriggerRouteDeps): void {
  const routes = new Hono<PatEnv>();
  mountDispatchRoutes(routes, deps);
  mountForkPullRoutes(routes, deps);
  app.route('/', routes);
}
