/**
 * Opens the configured database and builds everything the domain needs on it. Shared by the
 * admin commands (direct adapter) and `serve`.
 */
import { BareGitRepositories } from '../../adapters/git/bare-repositories.js';
import { CliGitReader } from '../../adapters/git/cli-git-reader.js';
import { CliGitTransfer } from '../../adapters/git/cli-git-transfer.js';
import type { OpenDatabase } from '../../adapters/postgres/database.js';
import { SystemClock } from '../../adapters/system/clock.js';
import { ScryptPasswordHasher } from '../../adapters/system/password-hasher.js';
import { CryptoRandom } from '../../adapters/system/random.js';
import { AesGcmSecretBox } from '../../adapters/system/secret-box.js';
import { DEFAULT_SITE_POLICY } from '../../ports/model/forge.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { ServerConfig } from './config.js';
import { type OpenOptions, openConfiguredDatabase } from './database.js';
import { type JobObserverDeps, observeLifecycle, observeQueue } from './job-observers.js';
import { loadRootKey } from './signing-key.js';
import { buildPgStores } from './stores.js';

export interface ServerContext {
  db: OpenDatabase;
  rootKey: Uint8Array | null;
  deps: AdminDeps;
  /** Wraps the job-call store of the runner API the same way (see job-observers.ts). */
  observer: JobObserverDeps;
}

export async function openServerContext(
  config: ServerConfig,
  opts: OpenOptions & { onObserverError?: (err: unknown) => void } = {},
): Promise<ServerContext> {
  const rootKey = loadRootKey(config);
  const db = await openConfiguredDatabase(config, opts);
  const gitRepos = new BareGitRepositories(config.dataDir);
  const deps: AdminDeps = {
    ...buildPgStores(db.db),
    clock: new SystemClock(),
    random: new CryptoRandom(),
    passwordHasher: new ScryptPasswordHasher(),
    gitRepos,
    git: new CliGitReader(gitRepos),
    gitTransfer: new CliGitTransfer(gitRepos),
    defaultTimeoutMinutes: config.actions.defaultTimeoutMinutes,
    secretBox: rootKey ? new AesGcmSecretBox(rootKey) : null,
    runnerStaleAfterMs: config.actions.runnerStaleAfterMs,
  };
  // Configuration seeds the site policy of a new database; afterwards `admin actions policy
  // --site` (and the stored row) govern, so a restart never undoes an operator's switch.
  await deps.policies.seedSitePolicy({
    ...DEFAULT_SITE_POLICY,
    actionsEnabled: config.actions.enabled,
    requirePrApproval: config.actions.requirePrApproval,
    maxRepoConcurrentJobs: config.actions.maxRepoConcurrentJobs,
    maxOwnerConcurrentJobs: config.actions.maxOwnerConcurrentJobs,
  });
  // Every job change keeps its check run in step and counts completed runs (read lazily:
  // `serve` sets deps.metrics after this).
  const observer: JobObserverDeps = {
    runs: deps.runs,
    checks: deps.checks,
    clock: deps.clock,
    get metrics() {
      return deps.metrics;
    },
    onError: opts.onObserverError ?? (() => {}),
  };
  deps.lifecycle = observeLifecycle(deps.lifecycle, observer);
  deps.queue = observeQueue(deps.queue, observer);
  return { db, rootKey, deps, observer };
}
