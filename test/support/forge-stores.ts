/**
 * The forge stores on each backend, for the forge contract suites. A backend opens its
 * database once per suite (`setup`), hands out stores over an emptied database before
 * each test (`fresh`), and closes it at the end (`teardown`).
 */

import { MemoryAccessTokenStore } from '../../src/adapters/memory/access-token-store.js';
import { MemoryPolicyStore } from '../../src/adapters/memory/policy-store.js';
import { MemoryRepoStore } from '../../src/adapters/memory/repo-store.js';
import { MemorySecretStore } from '../../src/adapters/memory/secret-store.js';
import { MemorySessionStore } from '../../src/adapters/memory/session-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryUserStore } from '../../src/adapters/memory/user-store.js';
import { MemoryVariableStore } from '../../src/adapters/memory/variable-store.js';
import { PgAccessTokenStore } from '../../src/adapters/postgres/access-token-store.js';
import type { Db, OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgPolicyStore } from '../../src/adapters/postgres/policy-store.js';
import { PgRepoStore } from '../../src/adapters/postgres/repo-store.js';
import { PgSecretStore } from '../../src/adapters/postgres/secret-store.js';
import { PgSessionStore } from '../../src/adapters/postgres/session-store.js';
import { PgUserStore } from '../../src/adapters/postgres/user-store.js';
import { PgVariableStore } from '../../src/adapters/postgres/variable-store.js';
import type { AccessTokenStore } from '../../src/ports/access-token-store.js';
import type { Repo, User } from '../../src/ports/model/forge.js';
import type { PolicyStore } from '../../src/ports/policy-store.js';
import type { RepoStore } from '../../src/ports/repo-store.js';
import type { SecretStore } from '../../src/ports/secret-store.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import type { UserStore } from '../../src/ports/user-store.js';
import type { VariableStore } from '../../src/ports/variable-store.js';
import { openTestPglite, openTestPostgres, resetDatabase } from './databases.js';

export interface ForgeStores {
  users: UserStore;
  repos: RepoStore;
  accessTokens: AccessTokenStore;
  secrets: SecretStore;
  variables: VariableStore;
  policies: PolicyStore;
  sessions: SessionStore;
}

export interface ForgeBackend {
  setup(): Promise<void>;
  fresh(): Promise<ForgeStores>;
  teardown(): Promise<void>;
}

export function memoryBackend(): ForgeBackend {
  return {
    setup: async () => {},
    fresh: async () => {
      const state = new MemoryState();
      return {
        users: new MemoryUserStore(state),
        repos: new MemoryRepoStore(state),
        accessTokens: new MemoryAccessTokenStore(state),
        secrets: new MemorySecretStore(state),
        variables: new MemoryVariableStore(state),
        policies: new MemoryPolicyStore(state),
        sessions: new MemorySessionStore(state),
      };
    },
    teardown: async () => {},
  };
}

function pgStores(db: Db): ForgeStores {
  return {
    users: new PgUserStore(db),
    repos: new PgRepoStore(db),
    accessTokens: new PgAccessTokenStore(db),
    secrets: new PgSecretStore(db),
    variables: new PgVariableStore(db),
    policies: new PgPolicyStore(db),
    sessions: new PgSessionStore(db),
  };
}

function databaseBackend(open: () => Promise<OpenDatabase>): ForgeBackend {
  let opened: OpenDatabase | undefined;
  const database = () => {
    if (!opened) throw new Error('backend not set up');
    return opened;
  };
  return {
    setup: async () => {
      opened = await open();
    },
    fresh: async () => {
      await resetDatabase(database());
      return pgStores(database().db);
    },
    teardown: async () => {
      await opened?.close();
    },
  };
}

export const pgliteBackend = (): ForgeBackend => databaseBackend(openTestPglite);
export const postgresBackend = (): ForgeBackend => databaseBackend(() => openTestPostgres(4));

const AT = new Date('2026-01-01T00:00:00.000Z');

/** Inserts a user straight through the store (fixtures for other stores' suites). */
export async function seedUser(stores: ForgeStores, name: string, isAdmin = false): Promise<User> {
  const user = await stores.users.createUser({ name, passwordHash: null, isAdmin, createdAt: AT });
  if (user === 'name_taken') throw new Error(`fixture user ${name} already exists`);
  return user;
}

/** Inserts a repository owned by `owner` with no git provisioning. */
export async function seedRepo(
  stores: ForgeStores,
  owner: { kind: 'user' | 'org'; id: number; name: string },
  name: string,
  isPrivate = false,
): Promise<Repo> {
  const repo = await stores.repos.createRepo(
    {
      ownerUserId: owner.kind === 'user' ? owner.id : null,
      ownerOrgId: owner.kind === 'org' ? owner.id : null,
      ownerName: owner.name,
      name,
      isPrivate,
      defaultBranch: 'trunk',
      forkOfRepoId: null,
      createdAt: AT,
    },
    async () => {},
  );
  if (repo === 'exists') throw new Error(`fixture repo ${owner.name}/${name} already exists`);
  return repo;
}
