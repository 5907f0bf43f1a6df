import { AsyncLocalStorage } from 'node:async_hooks';
import type { JobAnnotation } from '../../ports/model/annotation.js';
import type { Artifact } from '../../ports/model/artifact.js';
import type {
  Collaborator,
  Organization,
  PersonalAccessToken,
  Repo,
  ScopedPolicy,
  SealedSecret,
  SitePolicy,
  User,
} from '../../ports/model/forge.js';
import { DEFAULT_SITE_POLICY } from '../../ports/model/forge.js';
import type { Job, Run, RunApproval, Step } from '../../ports/model/run.js';
import type { Runner, RunnerToken } from '../../ports/model/runner.js';
import type { WebSession } from '../../ports/model/session.js';
import type { CheckRun, PullRequest, PushEvent } from '../../ports/model/trigger.js';
import type { Variable } from '../../ports/model/variable.js';
import type { LogTimeMark } from '../../ports/step-log-archive.js';

export interface LogChunk {
  stepId: number;
  seq: number;
  chunk: Uint8Array;
  createdAt: Date;
}

/** A step's sealed scrubber carry (`workflow_step_log_carries`). */
export interface LogCarryRow {
  afterSeq: number;
  ciphertext: Uint8Array;
  nonce: Uint8Array;
}

/** A chunk held ahead of a missing seq, sealed (`workflow_step_log_held_chunks`). */
export interface HeldLogChunkRow {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
}

/** A job's sealed claim-time mask values (`workflow_job_secret_masks`). */
export interface MaskSnapshotRow {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  createdAt: Date;
}

/** A step waiting for log finalisation (`workflow_step_log_outbox`). */
export interface LogOutboxRow {
  queuedAt: Date;
  nextAttemptAt: Date;
  attempts: number;
  lastError: string | null;
}

export interface UsedJwt {
  jti: string;
  runnerId: number;
  jobId: number;
  runId: number;
  repoId: number;
  expiresAt: Date;
  usedAt: Date;
}

/** The tables of the in-memory database. Rows are plain domain records. */
export interface MemoryTables {
  users: Map<number, User>;
  organizations: Map<number, Organization>;
  repos: Map<number, Repo>;
  collaborators: Collaborator[];
  pats: Map<number, PersonalAccessToken>;
  secrets: Map<number, SealedSecret>;
  variables: Map<number, Variable>;
  sitePolicy: SitePolicy;
  /** Whether the site policy row exists (written or seeded), as in PostgreSQL. */
  sitePolicyWritten: boolean;
  orgPolicies: Map<number, ScopedPolicy>;
  repoPolicies: Map<number, ScopedPolicy>;
  runners: Map<number, Runner>;
  runnerTokens: Map<number, RunnerToken>;
  runs: Map<number, Run>;
  jobs: Map<number, Job>;
  steps: Map<number, Step>;
  logChunks: LogChunk[];
  usedJwts: Map<string, UsedJwt>;
  /** By step id. */
  logCarries: Map<number, LogCarryRow>;
  /** By step id, then seq. */
  heldLogChunks: Map<number, Map<number, HeldLogChunkRow>>;
  /** By step id (`workflow_step_log_outbox`). */
  logOutbox: Map<number, LogOutboxRow>;
  /** By step id: when the archived log's parts arrived (`workflow_step_log_times`). */
  logTimes: Map<number, LogTimeMark[]>;
  /** By artifact id (`workflow_artifacts`). */
  artifacts: Map<number, Artifact>;
  /** By job id. */
  jobSecretMasks: Map<number, MaskSnapshotRow>;
  /** By job id: claims returned undelivered (`workflow_jobs.undelivered_claims`). */
  undeliveredClaims: Map<number, number>;
  /** By run id (`workflow_run_approvals`). */
  runApprovals: Map<number, RunApproval>;
  /** In insertion (id) order. */
  annotations: JobAnnotation[];
  pushEvents: Map<number, PushEvent>;
  pullRequests: Map<number, PullRequest>;
  checkRuns: Map<number, CheckRun>;
  /** Web UI sessions (`web_sessions`). */
  sessions: Map<number, WebSession>;
  /** Next id per table name (identity columns). */
  sequences: Map<string, number>;
}

function emptyTables(): MemoryTables {
  return {
    users: new Map(),
    organizations: new Map(),
    repos: new Map(),
    collaborators: [],
    pats: new Map(),
    secrets: new Map(),
    variables: new Map(),
    sitePolicy: { ...DEFAULT_SITE_POLICY },
    sitePolicyWritten: false,
    orgPolicies: new Map(),
    repoPolicies: new Map(),
    runners: new Map(),
    runnerTokens: new Map(),
    runs: new Map(),
    jobs: new Map(),
    steps: new Map(),
    logChunks: [],
    usedJwts: new Map(),
    logCarries: new Map(),
    heldLogChunks: new Map(),
    logOutbox: new Map(),
    logTimes: new Map(),
    artifacts: new Map(),
    jobSecretMasks: new Map(),
    undeliveredClaims: new Map(),
    runApprovals: new Map(),
    annotations: [],
    pushEvents: new Map(),
    pullRequests: new Map(),
    checkRuns: new Map(),
    sessions: new Map(),
    sequences: new Map(),
  };
}

/** Puts existing steps in the log finalisation outbox, due at `at`; an entry there is kept. */
export function queueStepLogs(tables: MemoryTables, stepIds: readonly number[], at: Date): void {
  for (const id of stepIds) {
    if (!tables.steps.has(id) || tables.logOutbox.has(id)) continue;
    tables.logOutbox.set(id, { queuedAt: at, nextAttemptAt: at, attempts: 0, lastError: null });
  }
}

/**
 * The in-memory database shared by every memory adapter. `transaction(fn)` runs `fn`
 * alone (a mutex serialises transactions) and restores the tables if `fn` throws, so memory
 * adapters keep the all-or-nothing behaviour of the PostgreSQL ones.
 */
export class MemoryState {
  tables: MemoryTables = emptyTables();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<true>();

  /** Returns the next identity value for `table` (1, 2, 3, …). */
  nextId(table: string): number {
    const next = (this.tables.sequences.get(table) ?? 0) + 1;
    this.tables.sequences.set(table, next);
    return next;
  }

  /** Runs `fn` atomically: serialised against other transactions, rolled back on throw. */
  async transaction<T>(fn: (tables: MemoryTables) => Promise<T> | T): Promise<T> {
    // A transaction opened inside another joins it (same tables, one rollback).
    if (this.inside.getStore()) return fn(this.tables);
    const run = async () => {
      const snapshot = structuredClone(this.tables);
      try {
        return await this.inside.run(true, () => fn(this.tables));
      } catch (err) {
        this.tables = snapshot;
        throw err;
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
