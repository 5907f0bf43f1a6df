/** Everything the runner-facing routes reach (SPEC §7.1–7.2). */
import type { AnnotationStore } from '../../../ports/annotation-store.js';
import type { Clock } from '../../../ports/clock.js';
import type { JobCallStore } from '../../../ports/job-call-store.js';
import type { JobLifecycle } from '../../../ports/job-lifecycle.js';
import type { JobQueue } from '../../../ports/job-queue.js';
import type { JobTokens } from '../../../ports/job-tokens.js';
import type { Metrics } from '../../../ports/metrics.js';
import type { RateBuckets } from '../../../ports/rate-buckets.js';
import type { RepoStore } from '../../../ports/repo-store.js';
import type { RunStore } from '../../../ports/run-store.js';
import type { RunnerStore } from '../../../ports/runner-store.js';
import type { SecretBox } from '../../../ports/secret-box.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import type { Timer } from '../../../ports/timer.js';
import type { UserStore } from '../../../ports/user-store.js';
import type { VariableStore } from '../../../ports/variable-store.js';
import type { WakeBus } from '../../../ports/wake-bus.js';
import type { RunnerArtifactDeps } from './artifact-routes.js';

/** What needs the server's root key; absent keys make every runner route answer 503. */
export interface RunnerApiKeys {
  jobTokens: JobTokens;
  secretBox: SecretBox;
}

export interface RunnerApiDeps {
  runners: RunnerStore;
  queue: JobQueue;
  lifecycle: JobLifecycle;
  runs: RunStore;
  repos: RepoStore;
  secrets: SecretStore;
  /** The `vars` context of a claim. */
  variables: VariableStore;
  /** The `github.actor` of a claim. */
  users: UserStore;
  /** Annotations a runner reports with step and job statuses. */
  annotations: AnnotationStore;
  jobCalls: JobCallStore;
  wake: WakeBus;
  metrics: Metrics;
  clock: Clock;
  /** Times the heartbeat long poll (the http family cannot reach the system timer itself). */
  timer: Timer;
  keys: RunnerApiKeys | null;
  /** `server.base_url` (no trailing slash), for `checkout_url`. */
  baseUrl: string;
  /** `actions.heartbeat_rate_per_minute`, per runner across every replica. */
  heartbeatRatePerMinute: number;
  /** Artifact uploads and downloads; their routes are not mounted when absent. */
  artifacts?: RunnerArtifactDeps;
  /** The rate's buckets, shared by the replicas (PostgreSQL). */
  rateBuckets: RateBuckets;
}
