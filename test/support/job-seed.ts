/**
 * Seeding for the runs/jobs/queue suites: rows the job area reads but does not own
 * (users, orgs, repos, runners, policy) go straight into the memory tables or through
 * Drizzle inserts, so these suites depend on no other store. Also builds planned runs.
 */
import { eq } from 'drizzle-orm';
import { MemoryAnnotationStore } from '../../src/adapters/memory/annotation-store.js';
import { MemoryJobLifecycle } from '../../src/adapters/memory/job-lifecycle.js';
import { MemoryJobQueue } from '../../src/adapters/memory/job-queue.js';
import { MemoryRunStore } from '../../src/adapters/memory/run-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { PgAnnotationStore } from '../../src/adapters/postgres/annotation-store.js';
import type { Db, OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgJobLifecycle } from '../../src/adapters/postgres/job-lifecycle.js';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue.js';
import { PgRunStore } from '../../src/adapters/postgres/run-store.js';
import * as s from '../../src/adapters/postgres/schema.js';
import type { AnnotationStore } from '../../src/ports/annotation-store.js';
import type { JobLifecycle } from '../../src/ports/job-lifecycle.js';
import type { JobQueue } from '../../src/ports/job-queue.js';
import { INHERIT_POLICY, type ScopedPolicy, type SitePolicy } from '../../src/ports/model/forge.js';
import type { PlannedJob, PlannedRun, PlannedStep } from '../../src/ports/model/run.js';
import type { Runner } from '../../src/ports/model/runner.js';
import type { RunStore } from '../../src/ports/run-store.js';
import { FakeClock } from './fake-clock.js';
import { SeqRandom } from './seq-random.js';

export type SeedRunner = Partial<
  Pick<Runner, 'name' | 'labels' | 'capacity' | 'status' | 'lastHeartbeatAt' | 'drainingAt' | 'revokedAt'>
>;

/** Inserts the rows around runs that other areas own. Ids come back for later use. */
export interface JobSeed {
  user(name?: string): Promise<number>;
  org(name?: string): Promise<number>;
  /** A repo owned by the given user or org (a new user when neither is given). */
  repo(opts?: { ownerUserId?: number; ownerOrgId?: number; name?: string }): Promise<number>;
  runner(opts?: SeedRunner): Promise<number>;
  sitePolicy(patch: Partial<SitePolicy>): Promise<void>;
  orgPolicy(orgId: number, patch: Partial<ScopedPolicy>): Promise<void>;
  repoPolicy(repoId: number, patch: Partial<ScopedPolicy>): Promise<void>;
  approveRun(runId: number, userId: number): Promise<void>;
}

/** One backend's ports with a fake clock and sequential randomness. */
export interface JobWorld {
  runs: RunStore;
  queue: JobQueue;
  lifecycle: JobLifecycle;
  annotations: AnnotationStore;
  seed: JobSeed;
  clock: FakeClock;
  random: SeqRandom;
}

export interface JobBackend {
  /** An empty world (a fresh memory state, or the database truncated). */
  fresh(): Promise<JobWorld>;
  close(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
const T0 = new Date('2026-01-01T00:00:00.000Z');

function world(
  runs: RunStore,
  queue: JobQueue,
  lifecycle: JobLifecycle,
  seed: JobSeed,
  annotations: AnnotationStore,
): JobWorld {
  return { runs, queue, lifecycle, annotations, seed, clock: new FakeClock(T0), random: new SeqRandom() };
}

export function memoryJobBackend(): JobBackend {
  return {
    fresh: async () => {
      const state = new MemoryState();
      return world(
        new MemoryRunStore(state),
        new MemoryJobQueue(state),
        new MemoryJobLifecycle(state),
        memorySeed(state),
        new MemoryAnnotationStore(state),
      );
    },
    close: async () => {},
  };
}

export async function databaseJobBackend(
  opened: OpenDatabase,
  reset: (o: OpenDatabase) => Promise<void>,
): Promise<JobBackend> {
  return {
    fresh: async () => {
      await reset(opened);
      const db = opened.db;
      return world(
        new PgRunStore(db),
        new PgJobQueue(db),
        new PgJobLifecycle(db),
        dbSeed(db),
        new PgAnnotationStore(db),
      );
    },
    close: () => opened.close(),
  };
}

export function memorySeed(state: MemoryState): JobSeed {
  const t = () => state.tables;
  const seed: JobSeed = {
    user: async (name = unique('user')) => {
      const id = state.nextId('users');
      t().users.set(id, { id, name, passwordHash: null, isAdmin: false, createdAt: T0 });
      return id;
    },
    org: async (name = unique('org')) => {
      const id = state.nextId('organizations');
      t().organizations.set(id, { id, name, createdAt: T0 });
      return id;
    },
    repo: async (opts = {}) => {
      const ownerUserId = opts.ownerOrgId === undefined ? (opts.ownerUserId ?? (await seed.user())) : null;
      const ownerOrgId = opts.ownerOrgId ?? null;
      const ownerName =
        ownerOrgId !== null ? t().organizations.get(ownerOrgId)!.name : t().users.get(ownerUserId!)!.name;
      const id = state.nextId('repos');
      const repo = { id, ownerUserId, ownerOrgId, ownerName, name: opts.name ?? unique('repo') };
      t().repos.set(id, {
        ...repo,
        isPrivate: false,
        defaultBranch: 'trunk',
        forkOfRepoId: null,
        createdAt: T0,
      });
      return id;
    },
    runner: async (opts = {}) => {
      const id = state.nextId('workflow_runners');
      t().runners.set(id, {
        ...runnerDefaults(opts),
        id,
        registeredByUserId: null,
        createdAt: T0,
        updatedAt: T0,
      });
      return id;
    },
    sitePolicy: async (patch) => {
      t().sitePolicy = { ...t().sitePolicy, ...patch };
    },
    orgPolicy: async (orgId, patch) => {
      t().orgPolicies.set(orgId, { ...(t().orgPolicies.get(orgId) ?? INHERIT_POLICY), ...patch });
    },
    repoPolicy: async (repoId, patch) => {
      t().repoPolicies.set(repoId, { ...(t().repoPolicies.get(repoId) ?? INHERIT_POLICY), ...patch });
    },
    approveRun: async (runId, userId) => {
      const run = t().runs.get(runId)!;
      t().runs.set(runId, { ...run, approvedByUserId: userId });
    },
  };
  return seed;
}

export function dbSeed(db: Db): JobSeed {
  const seed: JobSeed = {
    user: async (name = unique('user')) => {
      const [row] = await db.insert(s.users).values({ name }).returning();
      return row!.id;
    },
    org: async (name = unique('org')) => {
      const [row] = await db.insert(s.organizations).values({ name }).returning();
      return row!.id;
    },
    repo: async (opts = {}) => {
      const ownerUserId = opts.ownerOrgId === undefined ? (opts.ownerUserId ?? (await seed.user())) : null;
      const ownerOrgId = opts.ownerOrgId ?? null;
      const [owner] =
        ownerOrgId !== null
          ? await db.select().from(s.organizations).where(eq(s.organizations.id, ownerOrgId))
          : await db.select().from(s.users).where(eq(s.users.id, ownerUserId!));
      const values = { ownerUserId, ownerOrgId, ownerName: owner!.name, name: opts.name ?? unique('repo') };
      const [row] = await db.insert(s.repos).values(values).returning();
      return row!.id;
    },
    runner: async (opts = {}) => {
      const [row] = await db.insert(s.workflowRunners).values(runnerDefaults(opts)).returning();
      return row!.id;
    },
    sitePolicy: async (patch) => {
      await db
        .insert(s.actionsSitePolicy)
        .values({ id: true, ...patch })
        .onConflictDoUpdate({
          target: s.actionsSitePolicy.id,
          set: patch,
        });
    },
    orgPolicy: async (orgId, patch) => {
      await db
        .insert(s.actionsOrgPolicies)
        .values({ orgId, ...patch })
        .onConflictDoUpdate({ target: s.actionsOrgPolicies.orgId, set: patch });
    },
    repoPolicy: async (repoId, patch) => {
      await db
        .insert(s.actionsRepoPolicies)
        .values({ repoId, ...patch })
        .onConflictDoUpdate({ target: s.actionsRepoPolicies.repoId, set: patch });
    },
    approveRun: async (runId, userId) => {
      await db.update(s.workflowRuns).set({ approvedByUserId: userId }).where(eq(s.workflowRuns.id, runId));
    },
  };
  return seed;
}

function runnerDefaults(opts: SeedRunner) {
  return {
    name: opts.name ?? unique('runner'),
    labels: opts.labels ?? ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
    capacity: opts.capacity ?? 1,
    status: opts.status ?? 'idle',
    lastHeartbeatAt: opts.lastHeartbeatAt === undefined ? T0 : opts.lastHeartbeatAt,
    hostName: '',
    version: '',
    drainingAt: opts.drainingAt ?? null,
    drainReason: opts.drainingAt ? 'test drain' : null,
    revokedAt: opts.revokedAt ?? null,
    revokedReason: opts.revokedAt ? 'test revoke' : null,
  };
}

export function plannedStep(name: string, extra: Partial<PlannedStep> = {}): PlannedStep {
  return {
    stepId: '',
    stepName: name,
    ifExpr: '',
    runCommand: `echo ${name}`,
    usesAlias: '',
    shell: '',
    workingDirectory: '',
    stepEnv: {},
    stepWith: {},
    continueOnError: false,
    timeoutMinutes: null,
    ...extra,
  };
}

export function plannedJob(jobKey: string, extra: Partial<PlannedJob> = {}): PlannedJob {
  return {
    jobKey,
    jobName: jobKey,
    runsOn: [],
    needsJobs: [],
    ifExpr: '',
    timeoutMinutes: 360,
    permissions: {},
    jobEnv: {},
    steps: [plannedStep(`${jobKey}-1`), plannedStep(`${jobKey}-2`)],
    ...extra,
  };
}

export function plannedRun(repoId: number, extra: Partial<PlannedRun> = {}): PlannedRun {
  return {
    repoId,
    workflowFile: '.shithub/workflows/ci.yml',
    workflowName: 'CI',
    headSha: 'a'.repeat(40),
    headRef: 'refs/heads/trunk',
    event: 'push',
    eventPayload: { ref: 'refs/heads/trunk' },
    actorUserId: null,
    parentRunId: null,
    concurrencyGroup: '',
    needApproval: false,
    diagnostics: null,
    triggerEventId: '',
    jobs: [plannedJob('build')],
    ...extra,
  };
}
