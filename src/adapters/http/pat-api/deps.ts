/** What the PAT-authenticated REST API needs, and the values its middleware sets. */
import type { PatCaller } from '../../../domain/api/pat-access.js';
import type { AccessTokenStore } from '../../../ports/access-token-store.js';
import type { AnnotationStore } from '../../../ports/annotation-store.js';
import type { ArtifactStore } from '../../../ports/artifact-store.js';
import type { Clock } from '../../../ports/clock.js';
import type { GitRepositories } from '../../../ports/git-repositories.js';
import type { JobLifecycle } from '../../../ports/job-lifecycle.js';
import type { JobQueue } from '../../../ports/job-queue.js';
import type { Metrics } from '../../../ports/metrics.js';
import type { ObjectStore } from '../../../ports/object-store.js';
import type { Random } from '../../../ports/random.js';
import type { RepoStore } from '../../../ports/repo-store.js';
import type { RunQueries } from '../../../ports/run-queries.js';
import type { RunStore } from '../../../ports/run-store.js';
import type { SecretBox } from '../../../ports/secret-box.js';
import type { SecretStore } from '../../../ports/secret-store.js';
import type { StepLogArchive } from '../../../ports/step-log-archive.js';
import type { UserStore } from '../../../ports/user-store.js';
import type { VariableStore } from '../../../ports/variable-store.js';
import type { WorkflowSource } from '../../../ports/workflow-source.js';

export interface PatApiDeps {
  users: UserStore;
  repos: RepoStore;
  accessTokens: AccessTokenStore;
  secrets: SecretStore;
  variables: VariableStore;
  annotations: AnnotationStore;
  /** Null when the server has no secret key: secret writes answer 503. */
  secretBox: SecretBox | null;
  gitRepos: GitRepositories;
  runs: RunStore;
  runQueries: RunQueries;
  /** Step logs as stored (SQL chunks, archive records); read through `readStepLog`. */
  stepLogs: StepLogArchive;
  /** Where finalised step logs and artifacts live. */
  objects: ObjectStore;
  /** Run artifacts; their routes are not mounted when absent. */
  artifacts?: ArtifactStore;
  queue: JobQueue;
  lifecycle: JobLifecycle;
  clock: Clock;
  random: Random;
  metrics: Metrics;
  /** A runner silent longer than this counts as offline in `waiting_reason`. */
  runnerStaleAfterMs: number;
  /** `https://host` without a trailing slash, for the `url` fields of answers. */
  baseUrl: string;
  /**
   * Re-reads a rerun's workflow file at the source commit. Absent until the git side
   * provides one: reruns then replay the jobs stored with the source run.
   */
  workflows?: WorkflowSource;
  /** Called after a rerun or an approval made jobs claimable (wakes long-polling runners). */
  onJobsClaimable?: () => void;
}

export type PatEnv = { Variables: { caller: PatCaller } };
