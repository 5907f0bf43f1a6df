/** Mounts the runner-facing API (SPEC §7.1–7.2) on the app. */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_ARTIFACT_CHUNK_BYTES } from '../../../domain/artifacts/artifact-settings.js';
import { DomainError } from '../../../domain/errors.js';
import { mountArtifactRoutes } from './artifact-routes.js';
import { heartbeatHandler } from './heartbeat-route.js';
import { jobHandlers } from './job-routes.js';
import type { RunnerApiDeps, RunnerApiKeys } from './runner-api-deps.js';

/** Room for a 512 KiB chunk in base64 plus the JSON around it. */
const LOG_BODY_BYTES = 768 * 1024;
const SMALL_BODY_BYTES = 64 * 1024;
/** Room for a 1 MiB step summary or 1 MiB of job outputs, JSON-escaped, beside the rest. */
const STATUS_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The 413 is answered before the body is read, and Node then drops the connection: say so
 * (`Connection: close`), or a keep-alive client sends its next request into a closed socket.
 * A declared `Content-Length` is checked without touching the body: Hono's `bodyLimit`
 * reads `request.body`, which makes @hono/node-server build a full WHATWG Request — more
 * CPU than the rest of an idle heartbeat (profiled) — where `c.req.text()` alone reads the
 * Node request directly. Chunked bodies still go through `bodyLimit`, which counts them.
 */
const limit = (maxSize: number): MiddlewareHandler => {
  const tooLarge = (c: Context) =>
    c.json({ error: 'request body too large', code: 'request.too_large' }, 413, { Connection: 'close' });
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (Number(length) > maxSize) return tooLarge(c);
    await next();
  };
};

/**
 * Adds the heartbeat, the five job calls, the token recovery and (with `deps.artifacts`) the
 * artifact calls. Each route checks for the
 * root key itself (503 `runner API is not configured`), so PAT routes under the same
 * prefix are unaffected.
 */
export function mountRunnerApiRoutes(app: Hono, deps: RunnerApiDeps): void {
  const requireKeys = (): RunnerApiKeys => {
    if (!deps.keys)
      throw new DomainError('unavailable', 'runner_api.not_configured', 'runner API is not configured');
    return deps.keys;
  };
  const jobs = jobHandlers(deps, requireKeys);
  app.post('/api/v1/runners/heartbeat', limit(SMALL_BODY_BYTES), heartbeatHandler(deps, requireKeys));
  app.post('/api/v1/jobs/:id/logs', limit(LOG_BODY_BYTES), jobs.logs);
  app.post('/api/v1/jobs/:id/steps/:stepId/status', limit(STATUS_BODY_BYTES), jobs.stepStatus);
  app.post('/api/v1/jobs/:id/status', limit(STATUS_BODY_BYTES), jobs.jobStatus);
  app.post('/api/v1/jobs/:id/cancel-check', limit(SMALL_BODY_BYTES), jobs.cancelCheck);
  app.post('/api/v1/jobs/:id/token', limit(SMALL_BODY_BYTES), jobs.recoverToken);
  const { artifacts } = deps;
  if (artifacts) {
    const sizes = { small: SMALL_BODY_BYTES, chunk: MAX_ARTIFACT_CHUNK_BYTES };
    mountArtifactRoutes(app, { ...deps, artifacts }, requireKeys, limit, sizes);
  }
}
