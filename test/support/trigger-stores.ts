/**
 * The trigger stores (push events, pull requests, check runs, trigger run queries) with the
 * forge and run stores they lean on, on each backend, for the trigger contract suites. A
 * backend opens its database once per suite and empties it before each test.
 */
import { MemoryCheckRunStore } from '../../src/adapters/memory/check-run-store.js';
import { MemoryPullRequestStore } from '../../src/adapters/memory/pull-request-store.js';
import { MemoryPushEventStore } from '../../src/adapters/memory/push-event-store.js';
import { MemoryRepoStore } from '../../src/adapters/memory/repo-store.js';
import { MemoryRunStore } from '../../src/adapters/memory/run-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryTriggerRuns } from '../../src/adapters/memory/trigger-runs.js';
import { MemoryUserStore } from '../../src/adapters/memory/user-store.js';
import { PgCheckRunStore } from '../../src/adapters/postgres/check-run-store.js';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgPullRequestStore } from '../../src/adapters/postgres/pull-request-store.js';
import { PgPushEventStore } from '../../src/adapters/postgres/push-event-store.js';
import { PgRepoStore } from '../../src/adapters/postgres/repo-store.js';
import { PgRunStore } from '../../src/adapters/postgres/run-store.js';
import { PgTriggerRuns } from '../../src/adapters/postgres/trigger-runs.js';
import { PgUserStore } from '../../src/adapters/postgres/user-store.js';
import type { CheckRunStore } from '../../src/ports/check-run-store.js';
import type { Repo, User } from '../../src/ports/model/forge.js';
import type { PullRequestStore } from '../../src/ports/pull-request-store.js';
import type { PushEventStore } from '../../src/ports/push-event-store.js';
import type { RepoStore } from '../../src/ports/repo-store.js';
import type { RunStore } from '../../src/ports/run-store.js';
import type { TriggerRuns } from '../../src/ports/trigger-runs.js';
import type { UserStore } from '../../src/ports/user-store.js';
import { openTestPglite, openTestPostgres, resetDatabase } from './databases.js';

export interface TriggerStores {
  users: UserStore;
  repos: RepoStore;
  runs: RunStore;
  pushEvents: PushEventStore;
  pullRequests: PullRequestStore;
  checks: CheckRunStore;
  triggerRuns: TriggerRuns;
}

export interface TriggerBackend {
  setup(): Promise<void>;
  fresh(): Promise<TriggerStores>;
  teardown(): Promise<void>;
}

export function memoryTriggerBackend(): TriggerBackend {
  return {
    setup: async () => {},
    fresh: async () => {
      const state = new MemoryState();
      return {
        users: new MemoryUserStore(state),
        repos: new MemoryRepoStore(state),
        runs: new MemoryRunStore(state),
        pushEvents: new MemoryPushEventStore(state),
        pullRequests: new MemoryPullRequestStore(state),
        checks: new MemoryCheckRunStore(state),
        triggerRuns: new MemoryTriggerRuns(state),
      };
    },
    teardown: async () => {},
  };
}

function databaseTriggerBackend(open: () => Promise<OpenDatabase>): TriggerBackend {
  let opened: OpenDatabase | undefined;
  return {
    setup: async () => {
      opened = await open();
    },
    fresh: async () => {
      if (!opened) throw new Error('backend not set up');
      await resetDatabase(opened);
      const db = opened.db;
      return {
        users: new PgUserStore(db),
        repos: new PgRepoStore(db),
        runs: new PgRunStore(db),
        pushEvents: new PgPushEventStore(db),
        pullRequests: new PgPullRequestStore(db),
        checks: new PgCheckRunStore(db),
        triggerRuns: new PgTriggerRuns(db),
      };
    },
    teardown: async () => {
      await opened?.close();
    },
  };
}

export const pgliteTriggerBackend = (): TriggerBackend => databaseTriggerBackend(openTestPglite);
export const postgresTriggerBackend = (): TriggerBackend => databaseTriggerBackend(() => openTestPostgres(4));

const AT = new Date('2026-01-01T00:00:00.000Z');

/** A user and a public repository it owns, inserted straight through the stores. */
export async function seedOwnerRepo(
  stores: TriggerStores,
  owner: string,
  name = 'scratch',
): Promise<{ user: User; repo: Repo }> {
  const user = await stores.users.createUser({
    name: owner,
    passwordHash: null,
    isAdmin: false,
    createdAt: AT,
  });
  if (user === 'name_taken') throw new Error(`fixture user ${owner} already exists`);
  const repo = await stores.repos.createRepo(
    {
      ownerUserId: user.id,
      ownerOrgId: null,
      ownerName: owner,
      name,
      isPrivate: false,
      defaultBranch: 'trunk',
      forkOfRepoId: null,
      createdAt: AT,
    },
    async () => {},
  );
  if (repo === 'exists') throw new Error(`fixture repo ${owner}/${name} already exists`);
  return { user, repo };
}
