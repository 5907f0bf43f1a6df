/** The Hono application: health endpoints, and the runner, PAT, trigger, git and UI routes. */
import { Hono } from 'hono';
import { type ErrorLogger, errorHandler, type UnavailablePredicate } from './errors.js';
import { type GitRouteDeps, mountGitRoutes } from './git/git-routes.js';
import type { PatApiDeps } from './pat-api/deps.js';
import { mountPatApiRoutes } from './pat-api/mount.js';
import { mountRunnerApiRoutes } from './runner-api/routes.js';
import type { RunnerApiDeps } from './runner-api/runner-api-deps.js';
import { mountTriggerRoutes } from './triggers/mount.js';
import type { TriggerRouteDeps } from './triggers/trigger-route-deps.js';
import { notFoundPage, wantsPage } from './ui/errors.js';
import { mountUiRoutes } from './ui/mount.js';
import type { UiDeps } from './ui/ui-deps.js';

export interface AppDeps {
  logger: ErrorLogger;
  /** Errors that mean the database is away: answered 503 with `Retry-After`, not 500. */
  isUnavailable?: UnavailablePredicate;
  /** Resolves when the database answers; rejects otherwise. */
  pingDatabase: () => Promise<void>;
  /** Renders the Prometheus text exposition for `GET /metrics`. */
  renderMetrics?: () => Promise<{ contentType: string; body: string }>;
  /** The runner-facing API (SPEC §7.1–7.2); not mounted when absent. */
  runnerApi?: RunnerApiDeps;
  /** The PAT-authenticated REST API (SPEC §7.3); not mounted when absent. */
  patApi?: PatApiDeps;
  /** Git smart HTTP (SPEC §5); not mounted when absent. */
  git?: GitRouteDeps;
  /** Dispatch, fork and pull request routes (SPEC §5); not mounted when absent. */
  triggers?: TriggerRouteDeps;
  /** The web UI (SPEC §17); not mounted when absent. Mounted last: its patterns are the widest. */
  ui?: UiDeps;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.logger, deps.isUnavailable));
  // A browser asking for a page gets a page; API clients keep the JSON answer.
  app.notFound((c) =>
    deps.ui && wantsPage(c) ? notFoundPage(c) : c.json({ error: 'not found', code: 'route.not_found' }, 404),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.pingDatabase();
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ error: 'database unreachable', code: 'database.unreachable' }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    if (!deps.renderMetrics)
      return c.json({ error: 'metrics are not enabled', code: 'metrics.disabled' }, 404);
    const { contentType, body } = await deps.renderMetrics();
    return c.body(body, 200, { 'content-type': contentType });
  });
  if (deps.runnerApi) mountRunnerApiRoutes(app, deps.runnerApi);
  if (deps.patApi) mountPatApiRoutes(app, deps.patApi);
  if (deps.triggers) mountTriggerRoutes(app, deps.triggers);
  if (deps.git) mountGitRoutes(app, deps.git);
  if (deps.ui) mountUiRoutes(app, deps.ui, deps.logger, deps.isUnavailable);
  return app;
}
