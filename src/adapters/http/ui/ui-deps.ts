/** What the web UI needs (SPEC §17), and the values its middleware sets. */
import type { Viewer } from '../../../domain/api/viewer-access.js';
import type { SignedIn } from '../../../domain/sessions/sign-in.js';
import type { AnnotationStore } from '../../../ports/annotation-store.js';
import type { CheckRunStore } from '../../../ports/check-run-store.js';
import type { Clock } from '../../../ports/clock.js';
import type { GitReader } from '../../../ports/git-reader.js';
import type { JobLifecycle } from '../../../ports/job-lifecycle.js';
import type { JobQueue } from '../../../ports/job-queue.js';
import type { Metrics } from '../../../ports/metrics.js';
import type { ObjectStore } from '../../../ports/object-store.js';
import type { PasswordHasher } from '../../../ports/password-hasher.js';
import type { PullRequestStore } from '../../../ports/pull-request-store.js';
import type { Random } from '../../../ports/random.js';
import type { RepoStore } from '../../../ports/repo-store.js';
import type { RunQueries } from '../../../ports/run-queries.js';
import type { RunStore } from '../../../ports/run-store.js';
import type { RunnerStore } from '../../../ports/runner-store.js';
import type { SessionStore } from '../../../ports/session-store.js';
import type { StepLogArchive } from '../../../ports/step-log-archive.js';
import type { Timer } from '../../../ports/timer.js';
import type { UserStore } from '../../../ports/user-store.js';
import type { WakeBus } from '../../../ports/wake-bus.js';
import type { WorkflowSource } from '../../../ports/workflow-source.js';
import type { LiveTailTiming } from './log-view.js';

export interface UiDeps {
  users: UserStore;
  repos: RepoStore;
  sessions: SessionStore;
  passwordHasher: PasswordHasher;
  runs: RunStore;
  runQueries: RunQueries;
  /** Step logs as stored (SQL chunks, archive records); read through `readStepLog`. */
  stepLogs: StepLogArchive;
  /** Where finalised step logs live. */
  objects: ObjectStore;
  queue: JobQueue;
  lifecycle: JobLifecycle;
  runners: RunnerStore;
  checks: CheckRunStore;
  /** Annotations of jobs (`::error …`), listed on the run and job pages. */
  annotations: AnnotationStore;
  pullRequests: PullRequestStore;
  git: GitReader;
  clock: Clock;
  /** Paces the live log tail between reads. */
  timer: Timer;
  random: Random;
  metrics: Metrics;
  /** A runner silent longer than this counts as offline in waiting reasons and the pool. */
  runnerStaleAfterMs: number;
  /** `https://host` without a trailing slash: an https base URL makes cookies `Secure`. */
  baseUrl: string;
  /** Re-reads a rerun's workflow file at the source commit (as the PAT API does). */
  workflows?: WorkflowSource;
  /** Called after a rerun or an approval made jobs claimable (wakes long-polling runners). */
  onJobsClaimable?: () => void;
  /** Wakes a drained, undrained or revoked runner's waiting heartbeat at once. */
  wake?: WakeBus;
  /** The live log tail's pace (default `DEFAULT_LIVE_TAIL`). */
  liveTail?: LiveTailTiming;
  /** Sign-in attempts allowed per minute per user name and per client address. */
  loginRate?: { perUserPerMinute: number; perAddressPerMinute: number };
}

export type UiEnv = {
  Variables: {
    /** The signed-in user, or null for an anonymous browser. */
    viewer: Viewer;
    /** The live session behind `viewer`, with its forms' CSRF token. */
    signedIn: SignedIn | null;
  };
};
