/**
 * A runner API on real adapters for route tests: the memory stores (or Drizzle stores on
 * a given database), an in-process wake bus, a fake clock and timer (a long poll waits
 * until the test advances it), sequential randomness, real jose tokens and a real AES-GCM
 * box. Seeding goes through the stores' own ports.
 */

import { createApp } from '../../../../src/adapters/http/app.js';
import type { RunnerArtifactDeps } from '../../../../src/adapters/http/runner-api/artifact-routes.js';
import type { RunnerApiDeps } from '../../../../src/adapters/http/runner-api/runner-api-deps.js';
import { MemoryAnnotationStore } from '../../../../src/adapters/memory/annotation-store.js';
import { MemoryJobCallStore } from '../../../../src/adapters/memory/job-call-store.js';
import { MemoryJobLifecycle } from '../../../../src/adapters/memory/job-lifecycle.js';
import { MemoryJobQueue } from '../../../../src/adapters/memory/job-queue.js';
import { MemoryMetrics } from '../../../../src/adapters/memory/metrics.js';
import { MemoryRateBuckets } from '../../../../src/adapters/memory/rate-buckets.js';
import { MemoryRepoStore } from '../../../../src/adapters/memory/repo-store.js';
import { MemoryRunStore } from '../../../../src/adapters/memory/run-store.js';
import { MemoryRunnerStore } from '../../../../src/adapters/memory/runner-store.js';
import { MemorySecretStore } from '../../../../src/adapters/memory/secret-store.js';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import { MemoryUserStore } from '../../../../src/adapters/memory/user-store.js';
import { MemoryVariableStore } from '../../../../src/adapters/memory/variable-store.js';
import { InProcessWakeBus } from '../../../../src/adapters/memory/wake-bus.js';
import { PgAnnotationStore } from '../../../../src/adapters/postgres/annotation-store.js';
import type { Db } from '../../../../src/adapters/postgres/database.js';
import { PgJobCallStore } from '../../../../src/adapters/postgres/job-call-store.js';
import { PgJobLifecycle } from '../../../../src/adapters/postgres/job-lifecycle.js';
import { PgJobQueue } from '../../../../src/adapters/postgres/job-queue.js';
import { PgRepoStore } from '../../../../src/adapters/postgres/repo-store.js';
import { PgRunStore } from '../../../../src/adapters/postgres/run-store.js';
import { PgRunnerStore } from '../../../../src/adapters/postgres/runner-store.js';
import { PgSecretStore } from '../../../../src/adapters/postgres/secret-store.js';
import { PgUserStore } from '../../../../src/adapters/postgres/user-store.js';
import { PgVariableStore } from '../../../../src/adapters/postgres/variable-store.js';
import { JoseJobTokens } from '../../../../src/adapters/system/jose-job-tokens.js';
import { AesGcmSecretBox } from '../../../../src/adapters/system/secret-box.js';
import { enqueueRun } from '../../../../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../../../../src/domain/runner-api/wake-runners.js';
import { DEFAULT_RUNNER_LABELS } from '../../../../src/domain/runners/labels.js';
import { registerRunner } from '../../../../src/domain/runners/register-runner.js';
import type { PlannedJob, PlannedRun } from '../../../../src/ports/model/run.js';
import type { UserStore } from '../../../../src/ports/user-store.js';
import { FakeTimer } from '../../../support/agent/fake-timer.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { plannedRun as seedPlannedRun } from '../../../support/job-seed.js';
import { SeqRandom } from '../../../support/seq-random.js';

export const ROOT_KEY = new Uint8Array(32).fill(7);
const T0 = new Date('2026-01-01T00:00:00.000Z');
let counter = 0;

/** The stores of one backend, shaped as the runner API needs them. */
export type RunnerApiStores = Pick<
  RunnerApiDeps,
  'runners' | 'queue' | 'lifecycle' | 'runs' | 'repos' | 'secrets' | 'jobCalls' | 'variables' | 'annotations'
> & { users: UserStore };

/** The Drizzle stores on one open database (PGlite or PostgreSQL). */
export function pgStores(db: Db): RunnerApiStores {
  return {
    runners: new PgRunnerStore(db),
    queue: new PgJobQueue(db),
    lifecycle: new PgJobLifecycle(db),
    runs: new PgRunStore(db),
    repos: new PgRepoStore(db),
    secrets: new PgSecretStore(db),
    jobCalls: new PgJobCallStore(db),
    users: new PgUserStore(db),
    variables: new PgVariableStore(db),
    annotations: new PgAnnotationStore(db),
  };
}

export function memoryStores(state = new MemoryState()): RunnerApiStores {
  return {
    runners: new MemoryRunnerStore(state),
    queue: new MemoryJobQueue(state),
    lifecycle: new MemoryJobLifecycle(state),
    runs: new MemoryRunStore(state),
    repos: new MemoryRepoStore(state),
    secrets: new MemorySecretStore(state),
    jobCalls: new MemoryJobCallStore(state),
    users: new MemoryUserStore(state),
    variables: new MemoryVariableStore(state),
    annotations: new MemoryAnnotationStore(state),
  };
}

export interface WorldOptions {
  keys?: boolean;
  /** Mounts the artifact calls. */
  artifacts?: RunnerArtifactDeps;
  ratePerMinute?: number;
  baseUrl?: string;
}

export type RunnerApiWorld = ReturnType<typeof makeRunnerApiWorld>;

/** A world over `stores` (memory by default). */
export function makeRunnerApiWorld(stores: RunnerApiStores = memoryStores(), opts: WorldOptions = {}) {
  const clock = new FakeClock(T0);
  const random = new SeqRandom();
  const metrics = new MemoryMetrics();
  const timer = new FakeTimer(clock);
  const wake = new InProcessWakeBus();
  const secretBox = new AesGcmSecretBox(ROOT_KEY);
  const deps: RunnerApiDeps = {
    ...stores,
    wake,
    metrics,
    clock,
    timer,
    keys: opts.keys === false ? null : { jobTokens: new JoseJobTokens(ROOT_KEY, random), secretBox },
    baseUrl: opts.baseUrl ?? 'https://forge.example',
    heartbeatRatePerMinute: opts.ratePerMinute ?? 60,
    ...(opts.artifacts ? { artifacts: opts.artifacts } : {}),
    rateBuckets: new MemoryRateBuckets(),
  };
  const errors: unknown[] = [];
  const app = createApp({
    logger: { error: (fields) => errors.push(fields) },
    pingDatabase: async () => {},
    runnerApi: deps,
  });

  const world = {
    deps,
    app,
    clock,
    timer,
    random,
    metrics,
    wake,
    secretBox,
    /** Fields logged by the 500 handler: must stay empty. */
    errors,

    async runner(opts: { labels?: string[]; capacity?: number; name?: string; expiresInMs?: number } = {}) {
      const issued = await registerRunner(
        { runners: stores.runners, clock, random },
        {
          name: opts.name ?? `runner-${++counter}`,
          labels: opts.labels ?? [...DEFAULT_RUNNER_LABELS],
          capacity: opts.capacity,
          expiresInMs: opts.expiresInMs,
        },
      );
      return { id: issued.runner.id, token: issued.token };
    },

    async repo(name = `repo-${++counter}`) {
      const user = await stores.users.createUser({
        name: `owner-${++counter}`,
        passwordHash: null,
        isAdmin: false,
        createdAt: T0,
      });
      if (user === 'name_taken') throw new Error('user name taken');
      const repo = await stores.repos.createRepo(
        {
          ownerUserId: user.id,
          ownerOrgId: null,
          ownerName: user.name,
          name,
          isPrivate: false,
          defaultBranch: 'trunk',
          forkOfRepoId: null,
          createdAt: T0,
        },
        async () => {},
      );
      if (repo === 'exists') throw new Error('repo exists');
      return repo;
    },

    async secret(repoId: number, name: string, value: string) {
      const sealed = secretBox.seal(new TextEncoder().encode(value));
      await stores.secrets.upsertSecret({ kind: 'repo', repoId }, { name, ...sealed, at: clock.now() });
    },

    /** Enqueues a run and wakes waiting heartbeats, as the trigger path does. */
    async enqueue(repoId: number, extra: Partial<PlannedRun> = {}) {
      const enqueued = await enqueueRun({ runs: stores.runs, clock }, plannedRun(repoId, extra));
      await notifyJobsEnqueued({ wake }, enqueued.jobs);
      return enqueued;
    },

    async post(
      path: string,
      body: unknown,
      token?: string,
      headers: Record<string, string> = {},
    ): Promise<Response> {
      const init: RequestInit = {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      };
      return app.request(path, init);
    },

    heartbeat(token: string, body: unknown = {}) {
      return world.post('/api/v1/runners/heartbeat', body, token);
    },

    /** Registers a runner, enqueues one run and claims its job; returns the claim. */
    async claimed(extra: Partial<PlannedRun> = {}) {
      const runner = await world.runner();
      const repo = await world.repo();
      const { run } = await world.enqueue(repo.id, extra);
      const res = await world.heartbeat(runner.token);
      if (res.status !== 200) throw new Error(`claim answered ${res.status}`);
      const claim = (await res.json()) as ClaimJson;
      return { runner, repo, run, claim, jobId: claim.job.id, token: claim.token };
    },
  };
  return world;
}

export interface ClaimJson {
  token: string;
  expires_at: string;
  job: {
    id: number;
    run_id: number;
    steps: { id: number; index: number }[];
    secrets: Record<string, string> | null;
    mask_values: string[] | null;
    [key: string]: unknown;
  };
}

export function plannedStep(stepId: string, runCommand = 'echo hi') {
  return {
    stepId,
    stepName: stepId,
    ifExpr: '',
    runCommand,
    usesAlias: '',
    shell: 'bash',
    workingDirectory: '',
    stepEnv: {},
    stepWith: {},
    continueOnError: false,
    timeoutMinutes: null,
  };
}

export function plannedJob(jobKey: string, extra: Partial<PlannedJob> = {}): PlannedJob {
  return {
    jobKey,
    jobName: jobKey,
    runsOn: ['ubuntu-latest'],
    needsJobs: [],
    ifExpr: '',
    timeoutMinutes: 30,
    permissions: {},
    jobEnv: {},
    steps: [plannedStep('first'), plannedStep('second')],
    ...extra,
  };
}

/** The job-seed run, with this world's default job (two steps, 30-minute timeout). */
export function plannedRun(repoId: number, extra: Partial<PlannedRun> = {}): PlannedRun {
  return seedPlannedRun(repoId, { jobs: [plannedJob('build')], ...extra });
}

/** Base64 of UTF-8 text, as the runner sends chunks. */
export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
