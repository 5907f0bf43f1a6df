/**
 * Opens the configured database and builds everything the domain needs on it. Shared by the
 * admin commands (direct adapter) and `serve`.
 */

import { BareGitRepositories } from '../../adapters/git/bare-repositories.js';
import { CliGitReader } from '../../adapters/git/cli-git-reader.js';
import { CliGitTransfer } from '../../adapters/git/cli-git-transfer.js';
import type { OpenDatabase } from '../../adapters/postgres/database.js';
import { PgJobCallStore } from '../../adapters/postgres/job-call-store.js';
import { PgRetentionStore } from '../../adapters/postgres/retention-store.js';
import { PgStepLogArchive } from '../../adapters/postgres/step-log-archive.js';
import { SystemClock } from '../../adapters/system/clock.js';
import { ScryptPasswordHasher } from '../../adapters/system/password-hasher.js';
import { CryptoRandom } from '../../adapters/system/random.js';
import { AesGcmSecretBox } from '../../adapters/system/secret-box.js';
import type { ClusterLock } from '../../ports/cluster-lock.js';
import type { Metrics } from '../../ports/metrics.js';
import { DEFAULT_SITE_POLICY } from '../../ports/model/forge.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { ServerConfig } from './config.js';
import { type OpenOptions, openConfiguredDatabase } from './database.js';
import { type JobObserverDeps, observeLifecycle, observeQueue } from './job-observers.js';
import { makeDataDirPrivate } from './private-data-dir.js';
import { loadRootKey } from './signing-key.js';
import { openClusterLock, openObjectStore } from './storage.js';
import { buildPgStores } from './stores.js';

export interface ServerContext {
  db: OpenDatabase;
  rootKey: Uint8Array | null;
  deps: AdminDeps;
  /** Wraps the job-call store of the runner API the same way (see job-observers.ts). */
  observer: JobObserverDeps;
}

/** What only a running `serve` has: its /metrics and the wake-ups of waiting heartbeats. */
export interface ServerRuntime {
  metrics: Metrics;
  wake: WakeBus;
}

/**
 * Opens the database and builds the domain's dependencies on it. `runtime` is given by
 * `serve` (built first, so nothing is patched in afterwards); a one-shot admin command has
 * no /metrics to feed and no heartbeats to wake.
 */
export async function openServerContext(
  config: ServerConfig,
  opts: OpenOptions & { runtime?: ServerRuntime; onObserverError?: (err: unknown) => void } = {},
): Promise<ServerContext> {
  makeDataDirPrivate(config.dataDir);
  const rootKey = loadRootKey(config);
  const opened = await openConfiguredDatabase(config, opts);
  const locks = openClusterLock(config);
  // The lock's own connections close with the database.
  const db: OpenDatabase = {
    ...opened,
    close: async () => {
      await locks.close();
      await opened.close();
    },
  };
  try {
    return await buildContext(config, db, rootKey, { ...opts, locks: locks.lock });
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function buildContext(
  config: ServerConfig,
  db: OpenDatabase,
  rootKey: Uint8Array | null,
  opts: { runtime?: ServerRuntime; onObserverError?: (err: unknown) => void; locks: ClusterLock },
): Promise<ServerContext> {
  const { runtime } = opts;
  const gitRepos = new BareGitRepositories(config.dataDir);
  const stores = buildPgStores(db.db);
  const clock = new SystemClock();
  // Every job change keeps its check run in step and counts completed runs.
  const observer: JobObserverDeps = {
    runs: stores.runs,
    checks: stores.checks,
    clock,
    metrics: runtime?.metrics,
    onError: opts.onObserverError ?? (() => {}),
  };
  const deps: AdminDeps = {
    ...stores,
    lifecycle: observeLifecycle(stores.lifecycle, observer),
    queue: observeQueue(stores.queue, observer),
    clock,
    random: new CryptoRandom(),
    passwordHasher: new ScryptPasswordHasher(),
    gitRepos,
    git: new CliGitReader(gitRepos),
    gitTransfer: new CliGitTransfer(gitRepos),
    defaultTimeoutMinutes: config.actions.defaultTimeoutMinutes,
    secretBox: rootKey ? new AesGcmSecretBox(rootKey) : null,
    runnerStaleAfterMs: config.actions.runnerStaleAfterMs,
    objects: openObjectStore(config),
    stepLogs: new PgStepLogArchive(db.db),
    retention: new PgRetentionStore(db.db),
    locks: opts.locks,
    jobCalls: new PgJobCallStore(db.db),
    retentionPolicy: config.retention,
    ...(runtime && {
      metrics: runtime.metrics,
      wake: runtime.wake,
      onEnqueued: () => void runtime.wake.publish({ kind: 'jobs' }),
    }),
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
  return { db, rootKey, deps, observer };
}
