/** Everything an admin command may reach: the stores, time, randomness and crypto. */
import type { AccessTokenStore } from '../../../ports/access-token-store.js';
import type { AnnotationStore } from '../../../ports/annotation-store.js';
import type { Clock } from '../../../ports/clock.js';
import type { GitRepositories } from '../../../ports/git-repositories.js';
import type { Metrics } from '../../../ports/metrics.js';
import type { PasswordHasher } from '../../../ports/password-hasher.js';
import type { PolicyStore } from '../../../ports/policy-store.js';
import type { Random } from '../../../ports/random.js';
import type { RepoStore } from '../../../ports/repo-store.js';
import type { RunnerStore } from '../../../ports/runner-store.js';
import type { SecretBox } from '../../../ports/secret-box.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import type { SessionStore } from '../../../ports/session-store.js';
import type { UserStore } from '../../../ports/user-store.js';
import type { VariableStore } from '../../../ports/variable-store.js';
import type { WakeBus } from '../../../ports/wake-bus.js';
import type { JobAdminDeps } from './job-deps.js';
import type { StorageAdminDeps } from './storage-deps.js';
import type { TriggerAdminDeps } from './trigger-deps.js';

export interface AdminDeps extends JobAdminDeps, TriggerAdminDeps, StorageAdminDeps {
  clock: Clock;
  random: Random;
  runners: RunnerStore;
  users: UserStore;
  repos: RepoStore;
  accessTokens: AccessTokenStore;
  secrets: SecretStore;
  variables: VariableStore;
  annotations: AnnotationStore;
  policies: PolicyStore;
  passwordHasher: PasswordHasher;
  /** Web UI sessions: `user passwd` revokes them. */
  sessions: SessionStore;
  gitRepos: GitRepositories;
  /** Absent when no key is configured (PostgreSQL without auth.totp_key_b64). */
  secretBox: SecretBox | null;
  /** Present inside `serve` (admin socket); a one-shot CLI process has no /metrics to feed. */
  metrics?: Metrics;
  /** Present inside `serve`: drain, undrain, revoke and rotate wake the runner's waiting heartbeats. */
  wake?: WakeBus;
}
