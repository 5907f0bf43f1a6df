/**
 * The PAT API on memory adapters: the whole Hono app over one MemoryState, a fake clock,
 * sequential randomness and a metrics recorder, plus helpers that set up users, tokens,
 * repositories and runs through the domain, and call the app like an HTTP client would.
 */

import { createApp } from '../../../../src/adapters/http/app.js';
import type { PatApiDeps } from '../../../../src/adapters/http/pat-api/deps.js';
import { MemoryAnnotationStore } from '../../../../src/adapters/memory/annotation-store.js';
import { MemoryArtifactStore } from '../../../../src/adapters/memory/artifact-store.js';
import { MemoryJobLifecycle } from '../../../../src/adapters/memory/job-lifecycle.js';
import { MemoryJobQueue } from '../../../../src/adapters/memory/job-queue.js';
import { MemoryMetrics } from '../../../../src/adapters/memory/metrics.js';
import { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import { MemoryRunQueries } from '../../../../src/adapters/memory/run-queries.js';
import { MemoryRunStore } from '../../../../src/adapters/memory/run-store.js';
import { MemoryStepLogArchive } from '../../../../src/adapters/memory/step-log-archive.js';
import { MemoryVariableStore } from '../../../../src/adapters/memory/variable-store.js';
import { addCollaborator } from '../../../../src/domain/forge/collaborator.js';
import { createRepo } from '../../../../src/domain/forge/repository.js';
import { createUser } from '../../../../src/domain/forge/user.js';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import type { PatScope, Repo, RepoRole } from '../../../../src/ports/model/forge.js';
import type { PlannedRun } from '../../../../src/ports/model/run.js';
import { makeForgeWorld } from '../../../support/forge-world.js';
import { plannedRun } from '../../../support/job-seed.js';

export const BASE_URL = 'https://shithub.test';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (cast it where a test reads fields). */
  json: unknown;
}

export interface CallOptions {
  token?: string | null;
  /** Sent as JSON unless it is a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export function makePatWorld(overrides: Partial<PatApiDeps> = {}) {
  const forge = makeForgeWorld();
  const { state } = forge;
  const metrics = new MemoryMetrics();
  const deps: PatApiDeps = {
    ...forge,
    runs: new MemoryRunStore(state),
    runQueries: new MemoryRunQueries(state),
    stepLogs: new MemoryStepLogArchive(state),
    objects: new MemoryObjectStore(),
    queue: new MemoryJobQueue(state),
    lifecycle: new MemoryJobLifecycle(state),
    variables: new MemoryVariableStore(state),
    annotations: new MemoryAnnotationStore(state),
    artifacts: new MemoryArtifactStore(state),
    metrics,
    runnerStaleAfterMs: 60_000,
    baseUrl: BASE_URL,
    ...overrides,
  };
  const errors: unknown[] = [];
  const app = createApp({
    logger: { error: (fields) => errors.push(fields) },
    pingDatabase: async () => {},
    patApi: deps,
  });

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** A user and a token for them with these scopes. */
  async function userWithToken(name: string, scopes: PatScope[] = ['repo:write'], isAdmin = false) {
    const user = await createUser(forge, { name, isAdmin });
    const { token } = await createAccessToken(deps, { userName: name, scopes });
    return { user, token };
  }

  async function repo(owner: string, name: string, isPrivate = false): Promise<Repo> {
    return createRepo(deps, { ownerName: owner, name, isPrivate });
  }

  async function grant(repoOf: Repo, userName: string, role: RepoRole) {
    await addCollaborator(deps, { repoPath: `${repoOf.ownerName}/${repoOf.name}`, userName, role });
  }

  async function enqueue(repoId: number, extra: Partial<PlannedRun> = {}) {
    return deps.runs.enqueueRun(plannedRun(repoId, extra), forge.clock.now());
  }

  /** A runner with these labels (capacity 4), straight into the table. */
  function runner(labels = ['ubuntu-latest']): number {
    const id = state.nextId('workflow_runners');
    const at = forge.clock.now();
    state.tables.runners.set(id, {
      id,
      name: `runner-${id}`,
      labels,
      capacity: 4,
      status: 'idle',
      lastHeartbeatAt: at,
      registeredByUserId: null,
      hostName: '',
      version: '',
      drainingAt: null,
      drainReason: null,
      revokedAt: null,
      revokedReason: null,
      createdAt: at,
      updatedAt: at,
    });
    return id;
  }

  const { runs, queue, lifecycle, runQueries } = deps;
  return {
    ...forge,
    ...{ runs, queue, lifecycle, runQueries },
    ...{ deps, metrics, app, errors, call, userWithToken, repo, grant, enqueue, runner },
  };
}

export type PatWorld = ReturnType<typeof makePatWorld>;
