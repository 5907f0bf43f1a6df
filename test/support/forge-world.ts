/**
 * A forge on memory adapters for domain tests: stores over one MemoryState, a fake clock,
 * sequential randomness, a real AES-GCM secret box with a fixed key, and fakes for the
 * password hasher and git that enforce their port contracts.
 */
import { MemoryAccessTokenStore } from '../../src/adapters/memory/access-token-store.js';
import { MemoryPolicyStore } from '../../src/adapters/memory/policy-store.js';
import { MemoryRepoStore } from '../../src/adapters/memory/repo-store.js';
import { MemorySecretStore } from '../../src/adapters/memory/secret-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryUserStore } from '../../src/adapters/memory/user-store.js';
import { AesGcmSecretBox } from '../../src/adapters/system/secret-box.js';
import type { GitRepositories } from '../../src/ports/git-repositories.js';
import type { PasswordHasher } from '../../src/ports/password-hasher.js';
import { FakeClock } from './fake-clock.js';
import { SeqRandom } from './seq-random.js';

/** Reversible on purpose: tests only need hash ≠ password and a matching verify. */
export class FakePasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    return `fake$${Buffer.from(password).toString('base64')}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    return hash === (await this.hash(password));
  }
}

/** Git repositories as a set of paths; `failNextCreate` simulates a git failure. */
export class FakeGitRepositories implements GitRepositories {
  readonly branches = new Map<string, string>();
  failNextCreate = false;

  async create(owner: string, name: string, defaultBranch: string): Promise<'created' | 'exists'> {
    if (this.failNextCreate) {
      this.failNextCreate = false;
      throw new Error('git init failed');
    }
    if (this.branches.has(this.pathOf(owner, name))) return 'exists';
    this.branches.set(this.pathOf(owner, name), defaultBranch);
    return 'created';
  }

  async remove(owner: string, name: string): Promise<void> {
    this.branches.delete(this.pathOf(owner, name));
  }

  async exists(owner: string, name: string): Promise<boolean> {
    return this.branches.has(this.pathOf(owner, name));
  }

  pathOf(owner: string, name: string): string {
    return `/repos/${owner}/${name}.git`;
  }
}

export function makeForgeWorld() {
  const state = new MemoryState();
  return {
    state,
    clock: new FakeClock(),
    random: new SeqRandom(),
    users: new MemoryUserStore(state),
    repos: new MemoryRepoStore(state),
    accessTokens: new MemoryAccessTokenStore(state),
    secrets: new MemorySecretStore(state),
    policies: new MemoryPolicyStore(state),
    secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(7)),
    passwordHasher: new FakePasswordHasher(),
    gitRepos: new FakeGitRepositories(),
  };
}

export type ForgeWorld = ReturnType<typeof makeForgeWorld>;
