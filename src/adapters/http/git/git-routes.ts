/**
 * Git smart HTTP (SPEC §5): `/<owner>/<repo>(.git)/info/refs`, `/git-upload-pack` and
 * `/git-receive-pack`, authorised here and served by a `GitHttpBackend`. A push is bracketed
 * by ref snapshots (one push per repository at a time in this process) and its events are
 * recorded before the client hears the result.
 */
import type { Context, Hono } from 'hono';
import { isDomainError } from '../../../domain/errors.js';
import {
  authorizeGitRequest,
  type GitAccess,
  type GitAccessDeps,
  type GitService,
} from '../../../domain/git/authorize-git.js';
import { acceptPush } from '../../../domain/triggers/accept-push.js';
import type { PushProcessingDeps } from '../../../domain/triggers/process-push-event.js';
import type { GitHttpBackend, GitHttpEndpoint, GitHttpResponse } from '../../../ports/git-http-backend.js';
import { BASIC_CHALLENGE, basicPassword } from './basic-auth.js';
import { KeyedMutex } from './keyed-mutex.js';

export interface GitLogger {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface GitRouteDeps extends GitAccessDeps, PushProcessingDeps {
  backend: GitHttpBackend;
  logger: GitLogger;
}

const SERVICES: Record<string, GitService> = {
  'git-upload-pack': 'upload-pack',
  'git-receive-pack': 'receive-pack',
};

export function mountGitRoutes(app: Hono, deps: GitRouteDeps): void {
  const pushes = new KeyedMutex();
  const serve = (endpoint: GitHttpEndpoint) => (c: Context) => handle(c, deps, pushes, endpoint);
  app.get('/:owner/:repo/info/refs', serve('info/refs'));
  app.post('/:owner/:repo/git-upload-pack', serve('git-upload-pack'));
  app.post('/:owner/:repo/git-receive-pack', serve('git-receive-pack'));
}

async function handle(c: Context, deps: GitRouteDeps, pushes: KeyedMutex, endpoint: GitHttpEndpoint) {
  // Exactly one `service`: authorisation and git http-backend must see the same one (git
  // would serve the last of several, which could differ from the one authorised).
  const requested = endpoint === 'info/refs' ? (c.req.queries('service') ?? []) : [endpoint];
  const serviceName = requested.length === 1 ? (requested[0] ?? '') : '';
  const service = Object.hasOwn(SERVICES, serviceName) ? SERVICES[serviceName] : undefined;
  if (!service)
    return c.json({ error: 'only the smart HTTP protocol is served', code: 'git.service_invalid' }, 403);
  const access = await authorize(c, deps, service);
  if (access instanceof Response) return access;
  let body = c.req.method === 'POST' ? c.req.raw.body : null;
  if (body && /gzip/i.test(c.req.header('content-encoding') ?? '')) {
    body = body.pipeThrough(new DecompressionStream('gzip'));
  }
  const request = {
    repo: access.repo,
    endpoint,
    method: c.req.method === 'POST' ? ('POST' as const) : ('GET' as const),
    // Only the authorised service reaches the CGI, never the raw query string.
    query: endpoint === 'info/refs' ? `service=${serviceName}` : '',
    contentType: c.req.header('content-type') ?? '',
    remoteUser: access.remoteUser,
    gitProtocol: c.req.header('git-protocol') ?? '',
    body,
  };
  if (endpoint !== 'git-receive-pack') return streamed(await deps.backend.serve(request));
  const key = `${access.repo.id}`;
  return pushes.run(key, async () => {
    const before = await deps.git.listRefs(access.repo);
    const response = await deps.backend.serve(request);
    const bytes = new Uint8Array(await new Response(response.body).arrayBuffer());
    await response.finished;
    const after = await deps.git.listRefs(access.repo);
    const accepted = await acceptPush(deps, {
      repo: access.repo,
      pusherUserId: access.userId,
      before,
      after,
    });
    for (const failure of accepted.failed) {
      deps.logger.error(
        { repo_id: access.repo.id, push_event_id: failure.eventId, err: failure.error },
        'push event processing failed; it will be retried',
      );
    }
    for (const outcome of accepted.processed) {
      const refusal = outcome.report?.refusal;
      if (refusal)
        deps.logger.info(
          { repo_id: access.repo.id, push_event_id: outcome.event.id, code: refusal.code },
          `push trigger refused: ${refusal.message}`,
        );
    }
    return new Response(bytes, { status: response.status, headers: response.headers });
  });
}

/** The caller's access, or the 401 that makes git ask for credentials. */
async function authorize(c: Context, deps: GitRouteDeps, service: GitService): Promise<GitAccess | Response> {
  const repoSegment = c.req.param('repo') ?? '';
  try {
    return await authorizeGitRequest(deps, {
      ownerName: c.req.param('owner') ?? '',
      name: repoSegment.replace(/\.git$/, ''),
      service,
      password: basicPassword(c.req.header('authorization')),
    });
  } catch (err) {
    // Only here does a 401 need a challenge header, so this one kind is answered in place.
    if (isDomainError(err) && err.kind === 'unauthenticated') {
      return c.json({ error: err.message, code: err.code }, 401, { 'WWW-Authenticate': BASIC_CHALLENGE });
    }
    throw err;
  }
}

function streamed(response: GitHttpResponse): Response {
  response.finished.catch(() => {});
  return new Response(response.body, { status: response.status, headers: response.headers });
}
