/**
 * One repository `ada/app` (public or private) with something behind every PAT route — runs
 * queued, finished and awaiting approval, a secret, a variable, a dispatchable workflow, a
 * pull request — and users in every role, each with an all-scopes token, served by the API
 * and trigger routes over memory adapters. `PAT_ROUTES` says how to call each route so that
 * the caller's access is the only thing that can refuse it.
 */
import { createApp } from '../../src/adapters/http/app.js';
import { AesGcmSecretBox } from '../../src/adapters/system/secret-box.js';
import { addCollaborator } from '../../src/domain/forge/collaborator.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { setSecret } from '../../src/domain/forge/secrets.js';
import { createUser } from '../../src/domain/forge/user.js';
import { setVariable } from '../../src/domain/forge/variables.js';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { createAccessToken } from '../../src/domain/tokens/personal-access-token.js';
import { openPullRequest } from '../../src/domain/triggers/open-pull-request.js';
import type { PatScope } from '../../src/ports/model/forge.js';
import { FakeGit } from '../support/fake-git.js';
import { plannedRun } from '../support/job-seed.js';
import { makeMemoryDeps } from '../support/memory-deps.js';
import { DISPATCH } from '../support/trigger-world.js';

export const ROLES = ['owner', 'admin', 'write', 'read', 'outsider', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];
export type Visibility = 'public' | 'private';

const USER_OF: Record<Exclude<Role, 'anonymous'>, string> = {
  owner: 'ada',
  admin: 'adm',
  write: 'wri',
  read: 'rea',
  outsider: 'eve',
};

/** What a route is called with in a seeded world. */
export interface RouteCall {
  path: string;
  body?: unknown;
}

type Ids = Awaited<ReturnType<typeof seedPatRouteWorld>>['ids'];

const ACTIONS = '/api/v1/repos/ada/app/actions';

/** Every PAT-authenticated REST route (the API and the trigger routes), with a valid call. */
export const PAT_ROUTES: Record<string, (ids: Ids) => RouteCall> = {
  'POST /api/v1/jobs/:id/cancel': (ids) => ({ path: `/api/v1/jobs/${ids.queuedJob}/cancel` }),
  'POST /api/v1/runs/:id/cancel': (ids) => ({ path: `/api/v1/runs/${ids.queuedRun}/cancel` }),
  'POST /api/v1/runs/:id/rerun': (ids) => ({ path: `/api/v1/runs/${ids.doneRun}/rerun` }),
  'POST /api/v1/runs/:id/pin': (ids) => ({ path: `/api/v1/runs/${ids.doneRun}/pin` }),
  'DELETE /api/v1/runs/:id/pin': (ids) => ({ path: `/api/v1/runs/${ids.doneRun}/pin` }),
  'POST /api/v1/runs/:id/approve': (ids) => ({ path: `/api/v1/runs/${ids.gatedRun}/approve` }),
  'POST /api/v1/runs/:id/reject': (ids) => ({ path: `/api/v1/runs/${ids.gatedRun}/reject` }),
  'GET /api/v1/repos/:owner/:repo/actions/runs': () => ({ path: `${ACTIONS}/runs` }),
  'GET /api/v1/repos/:owner/:repo/actions/runs/:id': (ids) => ({ path: `${ACTIONS}/runs/${ids.queuedRun}` }),
  'GET /api/v1/repos/:owner/:repo/actions/runs/:id/jobs': (ids) => ({
    path: `${ACTIONS}/runs/${ids.queuedRun}/jobs`,
  }),
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id': (ids) => ({ path: `${ACTIONS}/jobs/${ids.queuedJob}` }),
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id/annotations': (ids) => ({
    path: `${ACTIONS}/jobs/${ids.queuedJob}/annotations`,
  }),
  'GET /api/v1/repos/:owner/:repo/actions/jobs/:id/logs': (ids) => ({
    path: `${ACTIONS}/jobs/${ids.queuedJob}/logs`,
  }),
  'GET /api/v1/repos/:owner/:repo/actions/secrets': () => ({ path: `${ACTIONS}/secrets` }),
  'PUT /api/v1/repos/:owner/:repo/actions/secrets/:name': () => ({
    path: `${ACTIONS}/secrets/TOKEN`,
    body: { value: 'rotated' },
  }),
  'DELETE /api/v1/repos/:owner/:repo/actions/secrets/:name': () => ({ path: `${ACTIONS}/secrets/TOKEN` }),
  'GET /api/v1/repos/:owner/:repo/actions/variables': () => ({ path: `${ACTIONS}/variables` }),
  'GET /api/v1/repos/:owner/:repo/actions/variables/:name': () => ({ path: `${ACTIONS}/variables/COLOR` }),
  'PUT /api/v1/repos/:owner/:repo/actions/variables/:name': () => ({
    path: `${ACTIONS}/variables/COLOR`,
    body: { value: 'blue' },
  }),
  'DELETE /api/v1/repos/:owner/:repo/actions/variables/:name': () => ({
    path: `${ACTIONS}/variables/COLOR`,
  }),
  'POST /api/v1/user/repos': () => ({ path: '/api/v1/user/repos', body: { name: 'fresh' } }),
  'DELETE /api/v1/user/tokens/:id': (ids) => ({ path: `/api/v1/user/tokens/${ids.adaSpareToken}` }),
  'POST /api/v1/repos/:owner/:repo/actions/workflows/:file/dispatches': () => ({
    path: `${ACTIONS}/workflows/deploy.yml/dispatches`,
    body: { ref: 'trunk', inputs: { target: 'staging' } },
  }),
  'POST /:owner/:repo/actions/workflows/:file/dispatches': () => ({
    path: '/ada/app/actions/workflows/deploy.yml/dispatches',
    body: { ref: 'trunk', inputs: { target: 'staging' } },
  }),
  'POST /api/v1/repos/:owner/:repo/forks': () => ({ path: '/api/v1/repos/ada/app/forks', body: {} }),
  'POST /api/v1/repos/:owner/:repo/pulls': () => ({
    path: '/api/v1/repos/ada/app/pulls',
    body: { title: 'more', head: 'feature', base: 'trunk' },
  }),
  'GET /api/v1/repos/:owner/:repo/pulls/:number': () => ({ path: '/api/v1/repos/ada/app/pulls/1' }),
  'PATCH /api/v1/repos/:owner/:repo/pulls/:number': () => ({
    path: '/api/v1/repos/ada/app/pulls/1',
    body: { title: 'renamed' },
  }),
};

/** The routes `createApp` mounts for the PAT API and the triggers, as `METHOD /pattern`. */
export function mountedPatRoutes(): string[] {
  const app = createApp({
    logger: { error: () => {} },
    pingDatabase: async () => {},
    patApi: {} as never,
    triggers: {} as never,
  });
  const health = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);
  return [...new Set(app.routes.map((r) => `${r.method} ${r.path}`))].filter((r) => !health.has(r));
}

/** A fresh world: `call` sends one route's request as a role (an all-scopes token, or none). */
export async function seedPatRouteWorld(visibility: Visibility) {
  const base = makeMemoryDeps();
  const git = new FakeGit();
  const secretBox = new AesGcmSecretBox(new Uint8Array(32).fill(9));
  const deps = { ...base, git, gitTransfer: git, secretBox };
  const tokens: Partial<Record<Role, string>> = {};
  const users: Record<string, number> = {};
  for (const [role, name] of Object.entries(USER_OF)) {
    users[name] = (await createUser(deps, { name })).id;
    tokens[role as Role] = (await createAccessToken(deps, { userName: name, scopes: ['admin'] })).token;
  }
  const repo = await createRepo(deps, { ownerName: 'ada', name: 'app', isPrivate: visibility === 'private' });
  for (const role of ['admin', 'write', 'read'] as const) {
    await addCollaborator(deps, { repoPath: 'ada/app', userName: USER_OF[role], role });
  }
  git.commit(repo, 'trunk', { '.shithub/workflows/deploy.yml': DISPATCH });
  git.commit(repo, 'feature', { 'README.md': 'more' });
  const enqueue = (extra = {}) => deps.runs.enqueueRun(plannedRun(repo.id, extra), deps.clock.now());
  const queued = await enqueue();
  const done = await enqueue();
  await cancelRun(deps, { runId: done.run.id, reason: 'user' });
  const gated = await enqueue({ needApproval: true });
  await deps.triggerRuns.requestApproval(gated.run.id, 'first-time contributor', deps.clock.now());
  await setSecret(deps, { repoPath: 'ada/app', name: 'TOKEN', value: 'hunter2' });
  await setVariable(deps, { repoPath: 'ada/app', name: 'COLOR', value: 'red' });
  await openPullRequest(deps, {
    base: repo,
    authorUserId: users.ada!,
    title: 'first',
    head: 'feature',
    baseBranch: 'trunk',
  });
  const spare = await createAccessToken(deps, { userName: 'ada', scopes: ['repo:read'] });
  const ids = {
    queuedRun: queued.run.id,
    queuedJob: queued.jobs[0]!.id,
    doneRun: done.run.id,
    gatedRun: gated.run.id,
    adaSpareToken: spare.pat.id,
  };
  const errors: unknown[] = [];
  const app = createApp({
    logger: { error: (fields) => errors.push(fields) },
    pingDatabase: async () => {},
    patApi: { ...deps, baseUrl: 'https://shithub.test' },
    triggers: {
      ...deps,
      baseUrl: 'https://shithub.test',
      logger: { error: (fields) => errors.push(fields) },
    },
  });
  const send = async (route: string, token: string | undefined) => {
    const { path, body } = PAT_ROUTES[route]!(ids);
    const method = route.split(' ')[0]!;
    const res = await app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };
  return {
    deps,
    ids,
    errors,
    /** Calls `route` as `role`, with its all-scopes token. */
    call: (route: string, role: Role) => send(route, role === 'anonymous' ? undefined : tokens[role]),
    /** Calls `route` with any `Authorization: Bearer` value. */
    send,
    /** Calls `route` as the owner with a token of only these scopes. */
    callScoped: async (route: string, scopes: PatScope[]) =>
      send(route, (await createAccessToken(deps, { userName: 'ada', scopes })).token),
  };
}
