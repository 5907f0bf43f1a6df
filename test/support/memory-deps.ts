/** Every store of the server on one in-memory database, with a fake clock: a whole world for app-level tests. */
import { MemoryAccessTokenStore } from '../../src/adapters/memory/access-token-store.js';
import { MemoryAnnotationStore } from '../../src/adapters/memory/annotation-store.js';
import { MemoryCheckRunStore } from '../../src/adapters/memory/check-run-store.js';
import { InProcessClusterLock } from '../../src/adapters/memory/cluster-lock.js';
import { MemoryJobCallStore } from '../../src/adapters/memory/job-call-store.js';
import { MemoryJobLifecycle } from '../../src/adapters/memory/job-lifecycle.js';
import { MemoryJobQueue } from '../../src/adapters/memory/job-queue.js';
import { MemoryMetrics } from '../../src/adapters/memory/metrics.js';
import { MemoryObjectStore } from '../../src/adapters/memory/object-store.js';
import { MemoryPolicyStore } from '../../src/adapters/memory/policy-store.js';
import { MemoryPullRequestStore } from '../../src/adapters/memory/pull-request-store.js';
import { MemoryPushEventStore } from '../../src/adapters/memory/push-event-store.js';
import { MemoryRepoStore } from '../../src/adapters/memory/repo-store.js';
import { MemoryRetentionStore } from '../../src/adapters/memory/retention-store.js';
import { MemoryRunQueries } from '../../src/adapters/memory/run-queries.js';
import { MemoryRunStore } from '../../src/adapters/memory/run-store.js';
import { MemoryRunnerStore } from '../../src/adapters/memory/runner-store.js';
import { MemorySecretStore } from '../../src/adapters/memory/secret-store.js';
import { MemorySessionStore } from '../../src/adapters/memory/session-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import { MemoryStepLogArchive } from '../../src/adapters/memory/step-log-archive.js';
import { MemoryTriggerRuns } from '../../src/adapters/memory/trigger-runs.js';
import { MemoryUserStore } from '../../src/adapters/memory/user-store.js';
import { MemoryVariableStore } from '../../src/adapters/memory/variable-store.js';
import type { AdminDeps } from '../../src/apps/shithubd/admin/admin-deps.js';
import { DEFAULT_RETENTION } from '../../src/domain/retention/cutoffs.js';
import { FakeClock } from './fake-clock.js';
import { FakeGit } from './fake-git.js';
import { FakeGitRepositories, FakePasswordHasher } from './forge-world.js';
import { SeqRandom } from './seq-random.js';

export function makeMemoryDeps(): AdminDeps & {
  state: MemoryState;
  clock: FakeClock;
  metrics: MemoryMetrics;
} {
  const state = new MemoryState();
  const git = new FakeGit();
  return {
    state,
    clock: new FakeClock(),
    random: new SeqRandom(),
    metrics: new MemoryMetrics(),
    runners: new MemoryRunnerStore(state),
    users: new MemoryUserStore(state),
    repos: new MemoryRepoStore(state),
    accessTokens: new MemoryAccessTokenStore(state),
    secrets: new MemorySecretStore(state),
    variables: new MemoryVariableStore(state),
    annotations: new MemoryAnnotationStore(state),
    policies: new MemoryPolicyStore(state),
    queue: new MemoryJobQueue(state),
    lifecycle: new MemoryJobLifecycle(state),
    runs: new MemoryRunStore(state),
    runQueries: new MemoryRunQueries(state),
    passwordHasher: new FakePasswordHasher(),
    gitRepos: new FakeGitRepositories(),
    secretBox: null,
    runnerStaleAfterMs: 60_000,
    pushEvents: new MemoryPushEventStore(state),
    pullRequests: new MemoryPullRequestStore(state),
    checks: new MemoryCheckRunStore(state),
    triggerRuns: new MemoryTriggerRuns(state),
    sessions: new MemorySessionStore(state),
    git,
    gitTransfer: git,
    defaultTimeoutMinutes: 360,
    objects: new MemoryObjectStore(),
    stepLogs: new MemoryStepLogArchive(state),
    retention: new MemoryRetentionStore(state),
    locks: new InProcessClusterLock(),
    jobCalls: new MemoryJobCallStore(state),
    retentionPolicy: DEFAULT_RETENTION,
  };
}
