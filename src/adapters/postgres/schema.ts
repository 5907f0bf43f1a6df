/**
 * The one Drizzle `pg-core` schema shared by PGlite and PostgreSQL. Table and column names
 * follow the original system (see shared/reference/original-system-facts.md §4) so the
 * runbook's vocabulary holds. Migrations are generated from this file into `drizzle/`
 * with `npm run db:generate` and never edited by hand.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DEFAULT_CONCURRENCY_CAPS } from '../../ports/model/forge.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => new Uint8Array(v),
});
const id = (name = 'id') => bigint(name, { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();

// ---------------------------------------------------------------------------------------
// Forge: users, organisations, repositories, access
// ---------------------------------------------------------------------------------------

export const users = pgTable(
  'users',
  {
    id: id(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_name_lower_uq').on(sql`lower(${t.name})`)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organizations_name_lower_uq').on(sql`lower(${t.name})`)],
);

export const repos = pgTable(
  'repos',
  {
    id: id(),
    ownerUserId: ref('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    ownerOrgId: ref('owner_org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    ownerName: text('owner_name').notNull(),
    name: text('name').notNull(),
    isPrivate: boolean('is_private').notNull().default(false),
    defaultBranch: text('default_branch').notNull().default('trunk'),
    forkOfRepoId: ref('fork_of_repo_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('repos_owner_name_uq').on(sql`lower(${t.ownerName})`, sql`lower(${t.name})`),
    check('repos_one_owner', sql`(${t.ownerUserId} IS NULL) <> (${t.ownerOrgId} IS NULL)`),
  ],
);

export const repoCollaborators = pgTable(
  'repo_collaborators',
  {
    repoId: ref('repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.repoId, t.userId] }),
    check('repo_collaborators_role', sql`${t.role} IN ('read','write','admin')`),
  ],
);

export const personalAccessTokens = pgTable(
  'personal_access_tokens',
  {
    id: id(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    tokenHash: bytea('token_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
    lastUsedAt: at('last_used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('personal_access_tokens_hash_uq').on(t.tokenHash)],
);

export const workflowSecrets = pgTable(
  'workflow_secrets',
  {
    id: id(),
    repoId: ref('repo_id').references(() => repos.id, { onDelete: 'cascade' }),
    orgId: ref('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    nonce: bytea('nonce').notNull(),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_secrets_repo_name_uq')
      .on(t.repoId, sql`lower(${t.name})`)
      .where(sql`${t.repoId} IS NOT NULL`),
    uniqueIndex('workflow_secrets_org_name_uq')
      .on(t.orgId, sql`lower(${t.name})`)
      .where(sql`${t.orgId} IS NOT NULL`),
    check('workflow_secrets_one_scope', sql`(${t.repoId} IS NULL) <> (${t.orgId} IS NULL)`),
  ],
);

/** Configuration variables (`vars` context): plain text, never secret. */
export const actionsVariables = pgTable(
  'actions_variables',
  {
    id: id(),
    repoId: ref('repo_id').references(() => repos.id, { onDelete: 'cascade' }),
    orgId: ref('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: text('value').notNull(),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('actions_variables_repo_name_uq')
      .on(t.repoId, sql`lower(${t.name})`)
      .where(sql`${t.repoId} IS NOT NULL`),
    uniqueIndex('actions_variables_org_name_uq')
      .on(t.orgId, sql`lower(${t.name})`)
      .where(sql`${t.orgId} IS NOT NULL`),
    check('actions_variables_one_scope', sql`(${t.repoId} IS NULL) <> (${t.orgId} IS NULL)`),
  ],
);

// ---------------------------------------------------------------------------------------
// Actions policy (site singleton, org, repo)
// ---------------------------------------------------------------------------------------

export const actionsSitePolicy = pgTable('actions_site_policy', {
  id: boolean('id').primaryKey().default(true),
  actionsEnabled: boolean('actions_enabled').notNull().default(true),
  requirePrApproval: boolean('require_pr_approval').notNull().default(true),
  maxRepoQueuedRuns: integer('max_repo_queued_runs').notNull().default(50),
  maxRepoConcurrentJobs: integer('max_repo_concurrent_jobs')
    .notNull()
    .default(DEFAULT_CONCURRENCY_CAPS.maxRepoConcurrentJobs),
  maxOwnerConcurrentJobs: integer('max_owner_concurrent_jobs')
    .notNull()
    .default(DEFAULT_CONCURRENCY_CAPS.maxOwnerConcurrentJobs),
  actorTriggerLimitPerHour: integer('actor_trigger_limit_per_hour').notNull().default(120),
});

const scopedPolicyColumns = () => ({
  actionsEnabled: text('actions_enabled').notNull().default('inherit'),
  requirePrApproval: boolean('require_pr_approval'),
  maxRepoQueuedRuns: integer('max_repo_queued_runs'),
  maxRepoConcurrentJobs: integer('max_repo_concurrent_jobs'),
  maxOwnerConcurrentJobs: integer('max_owner_concurrent_jobs'),
  actorTriggerLimitPerHour: integer('actor_trigger_limit_per_hour'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const actionsOrgPolicies = pgTable('actions_org_policies', {
  orgId: ref('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  ...scopedPolicyColumns(),
});

export const actionsRepoPolicies = pgTable('actions_repo_policies', {
  repoId: ref('repo_id')
    .primaryKey()
    .references(() => repos.id, { onDelete: 'cascade' }),
  ...scopedPolicyColumns(),
});

// ---------------------------------------------------------------------------------------
// Runners and their registration tokens
// ---------------------------------------------------------------------------------------

export const workflowRunners = pgTable(
  'workflow_runners',
  {
    id: id(),
    name: text('name').notNull(),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    capacity: integer('capacity').notNull().default(1),
    status: text('status').notNull().default('offline'),
    lastHeartbeatAt: at('last_heartbeat_at'),
    registeredByUserId: ref('registered_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    hostName: text('host_name').notNull().default(''),
    version: text('version').notNull().default(''),
    drainingAt: at('draining_at'),
    drainReason: text('drain_reason'),
    revokedAt: at('revoked_at'),
    revokedReason: text('revoked_reason'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_runners_name_uq').on(t.name),
    index('workflow_runners_labels_gin').using('gin', t.labels),
    check('workflow_runners_capacity', sql`${t.capacity} BETWEEN 1 AND 64`),
    check('workflow_runners_status', sql`${t.status} IN ('idle','busy','offline')`),
  ],
);

/**
 * The heartbeat rate limit's token buckets, shared by every replica (issue #12): each replica
 * leases a few seconds of a runner's allowance from its row (http/runner-api/rate-limiter.ts).
 */
export const runnerHeartbeatBuckets = pgTable('runner_heartbeat_buckets', {
  runnerId: ref('runner_id')
    .primaryKey()
    .references(() => workflowRunners.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: at('refilled_at').notNull(),
});

export const runnerTokens = pgTable(
  'runner_tokens',
  {
    id: id(),
    runnerId: ref('runner_id')
      .notNull()
      .references(() => workflowRunners.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull(),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('runner_tokens_hash_uq').on(t.tokenHash),
    index('runner_tokens_runner_idx').on(t.runnerId),
    check('runner_tokens_hash_len', sql`octet_length(${t.tokenHash}) = 32`),
  ],
);

// ---------------------------------------------------------------------------------------
// Runs, jobs, steps
// ---------------------------------------------------------------------------------------

export const workflowRuns = pgTable(
  'workflow_runs',
  {
    id: id(),
    repoId: ref('repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    runIndex: integer('run_index').notNull(),
    workflowFile: text('workflow_file').notNull(),
    workflowName: text('workflow_name').notNull().default(''),
    headSha: text('head_sha').notNull(),
    headRef: text('head_ref').notNull().default(''),
    event: text('event').notNull(),
    eventPayload: jsonb('event_payload').notNull().default({}),
    actorUserId: ref('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    parentRunId: ref('parent_run_id'),
    concurrencyGroup: text('concurrency_group').notNull().default(''),
    status: text('status').notNull().default('queued'),
    conclusion: text('conclusion'),
    pinned: boolean('pinned').notNull().default(false),
    needApproval: boolean('need_approval').notNull().default(false),
    approvedByUserId: ref('approved_by_user_id'),
    diagnostics: jsonb('diagnostics'),
    triggerEventId: text('trigger_event_id').notNull().default(''),
    startedAt: at('started_at'),
    completedAt: at('completed_at'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_runs_repo_index_uq').on(t.repoId, t.runIndex),
    uniqueIndex('workflow_runs_trigger_uq')
      .on(t.repoId, t.workflowFile, t.triggerEventId)
      .where(sql`${t.triggerEventId} <> ''`),
    index('workflow_runs_repo_status_idx').on(t.repoId, t.status, t.createdAt),
    index('workflow_runs_repo_sha_idx').on(t.repoId, t.headSha),
    index('workflow_runs_concurrency_idx')
      .on(t.repoId, t.concurrencyGroup)
      .where(sql`${t.concurrencyGroup} <> ''`),
    index('workflow_runs_retention_idx')
      .on(t.completedAt)
      .where(sql`${t.pinned} = false AND ${t.status} IN ('completed','cancelled')`),
    check('workflow_runs_status', sql`${t.status} IN ('queued','running','completed','cancelled')`),
    check(
      'workflow_runs_completed_conclusion',
      sql`${t.status} <> 'completed' OR ${t.conclusion} IS NOT NULL`,
    ),
  ],
);

export const workflowJobs = pgTable(
  'workflow_jobs',
  {
    id: id(),
    runId: ref('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    jobIndex: integer('job_index').notNull(),
    jobKey: text('job_key').notNull(),
    jobName: text('job_name').notNull().default(''),
    runsOn: text('runs_on').array().notNull().default(sql`'{}'::text[]`),
    runnerId: ref('runner_id').references(() => workflowRunners.id, { onDelete: 'set null' }),
    needsJobs: text('needs_jobs').array().notNull().default(sql`'{}'::text[]`),
    ifExpr: text('if_expr').notNull().default(''),
    timeoutMinutes: integer('timeout_minutes').notNull().default(360),
    permissions: jsonb('permissions').notNull().default({}),
    jobEnv: jsonb('job_env').notNull().default({}),
    // The matrix combination and job options (JobOptions in the run model).
    matrix: jsonb('matrix').notNull().default({}),
    matrixGroup: text('matrix_group').notNull().default(''),
    failFast: boolean('fail_fast').notNull().default(false),
    continueOnError: boolean('continue_on_error').notNull().default(false),
    concurrencyGroup: text('concurrency_group').notNull().default(''),
    // `strategy.max-parallel` of a matrix job (0: no limit); the claim enforces it (issue #12).
    maxParallel: integer('max_parallel').notNull().default(0),
    // The job token chain a job call must belong to; chain recovery moves it on (issue #12).
    tokenChain: integer('token_chain').notNull().default(0),
    // Workflow parity: `outputs:` templates and templates that wait for `needs` (JobOptions).
    outputTemplates: jsonb('output_templates').notNull().default({}),
    timeoutMinutesExpr: text('timeout_minutes_expr').notNull().default(''),
    continueOnErrorExpr: text('continue_on_error_expr').notNull().default(''),
    // What the runner reported as the job's outputs (`needs.<job>.outputs`).
    outputs: jsonb('outputs').notNull().default({}),
    // `container:` / `services:` as written, and a reusable workflow call's binding (JobOptions).
    containers: jsonb('containers'),
    workflowCall: jsonb('workflow_call'),
    status: text('status').notNull().default('queued'),
    conclusion: text('conclusion'),
    statusReason: text('status_reason'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    cancelRequestedAt: at('cancel_requested_at'),
    // Claims whose answer never reached the runner (JobQueue.returnUndelivered).
    undeliveredClaims: integer('undelivered_claims').notNull().default(0),
    deadlineAt: at('deadline_at'),
    startedAt: at('started_at'),
    completedAt: at('completed_at'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_jobs_run_key_uq').on(t.runId, t.jobKey),
    index('workflow_jobs_run_idx').on(t.runId),
    index('workflow_jobs_runner_status_idx').on(t.runnerId, t.status).where(sql`${t.runnerId} IS NOT NULL`),
    index('workflow_jobs_queue_idx').on(t.createdAt, t.id).where(sql`${t.status} = 'queued'`),
    // The claim's candidates by label set (claim-sql.ts): jobs for other labels cost nothing.
    index('workflow_jobs_claim_idx')
      .on(t.runsOn, t.createdAt, t.id)
      .where(sql`${t.status} = 'queued' AND ${t.runnerId} IS NULL AND NOT ${t.cancelRequested}`),
    index('workflow_jobs_running_idx').on(t.status).where(sql`${t.status} = 'running'`),
    // Job-level `concurrency` groups the claim checks (claim-sql.ts).
    index('workflow_jobs_concurrency_idx').on(t.concurrencyGroup).where(sql`${t.concurrencyGroup} <> ''`),
    check('workflow_jobs_status', sql`${t.status} IN ('queued','running','completed','cancelled','skipped')`),
    check('workflow_jobs_timeout', sql`${t.timeoutMinutes} BETWEEN 1 AND 4320`),
    check(
      'workflow_jobs_terminal_conclusion',
      sql`${t.status} NOT IN ('completed','skipped','cancelled') OR ${t.conclusion} IS NOT NULL`,
    ),
  ],
);

export const workflowSteps = pgTable(
  'workflow_steps',
  {
    id: id(),
    jobId: ref('job_id')
      .notNull()
      .references(() => workflowJobs.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    stepId: text('step_id').notNull().default(''),
    stepName: text('step_name').notNull().default(''),
    ifExpr: text('if_expr').notNull().default(''),
    runCommand: text('run_command').notNull().default(''),
    usesAlias: text('uses_alias').notNull().default(''),
    shell: text('shell').notNull().default(''),
    workingDirectory: text('working_directory').notNull().default(''),
    stepEnv: jsonb('step_env').notNull().default({}),
    stepWith: jsonb('step_with').notNull().default({}),
    continueOnError: boolean('continue_on_error').notNull().default(false),
    timeoutMinutes: integer('timeout_minutes'),
    continueOnErrorExpr: text('continue_on_error_expr').notNull().default(''),
    timeoutMinutesExpr: text('timeout_minutes_expr').notNull().default(''),
    // The step's $GITHUB_STEP_SUMMARY (Markdown, at most 1 MiB, scrubbed).
    summary: text('summary'),
    status: text('status').notNull().default('queued'),
    conclusion: text('conclusion'),
    logObjectKey: text('log_object_key'),
    logByteCount: bigint('log_byte_count', { mode: 'number' }).notNull().default(0),
    logSha256: text('log_sha256'),
    startedAt: at('started_at'),
    completedAt: at('completed_at'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_steps_job_index_uq').on(t.jobId, t.stepIndex),
    check(
      'workflow_steps_status',
      sql`${t.status} IN ('queued','running','completed','cancelled','skipped')`,
    ),
  ],
);

export const workflowStepLogChunks = pgTable(
  'workflow_step_log_chunks',
  {
    id: id(),
    stepId: ref('step_id')
      .notNull()
      .references(() => workflowSteps.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    chunk: bytea('chunk').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('workflow_step_log_chunks_step_seq_uq').on(t.stepId, t.seq),
    index('workflow_step_log_chunks_created_idx').on(t.createdAt),
    check('workflow_step_log_chunks_seq', sql`${t.seq} >= 0`),
  ],
);

/**
 * The server scrubber's held-back tail of a step's log (a possible secret prefix), sealed
 * like a secret; `after_seq` is the chunk it was cut from. At most one row per step.
 */
export const workflowStepLogCarries = pgTable('workflow_step_log_carries', {
  stepId: ref('step_id')
    .primaryKey()
    .references(() => workflowSteps.id, { onDelete: 'cascade' }),
  afterSeq: integer('after_seq').notNull(),
  ciphertext: bytea('ciphertext').notNull(),
  nonce: bytea('nonce').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * When an archived step log's parts arrived (issue #9, timestamps): `marks` is the step's
 * `LogTimeMark`s as text (`log-times-codec.ts`), written with the archive columns. A step
 * whose log was never archived, or archived before times were kept, has no row.
 */
export const workflowStepLogTimes = pgTable('workflow_step_log_times', {
  stepId: ref('step_id')
    .primaryKey()
    .references(() => workflowSteps.id, { onDelete: 'cascade' }),
  marks: text('marks').notNull(),
});

/**
 * Chunks that arrived ahead of a missing `seq` (issue #12): sealed like a carry and held
 * until the gap fills, then scrubbed in order with the carry; the step's end scrubs what is
 * still held. No chunk is stored in the clear before its predecessor was scrubbed.
 */
export const workflowStepLogHeldChunks = pgTable(
  'workflow_step_log_held_chunks',
  {
    stepId: ref('step_id')
      .notNull()
      .references(() => workflowSteps.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    nonce: bytea('nonce').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.seq] })],
);

/**
 * The log finalisation outbox: steps whose SQL chunks (and carry) are still to be archived
 * to the object store. A row is written in the transaction that ends the step (or stores a
 * chunk for an ended one) and removed in the one that records the archive.
 */
export const workflowStepLogOutbox = pgTable(
  'workflow_step_log_outbox',
  {
    stepId: ref('step_id')
      .primaryKey()
      .references(() => workflowSteps.id, { onDelete: 'cascade' }),
    queuedAt: at('queued_at').notNull().defaultNow(),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('workflow_step_log_outbox_due_idx').on(t.nextAttemptAt, t.stepId)],
);

/**
 * A run's artifacts: `uploading` while chunks arrive (objects under `<object_key>.parts/`),
 * `ready` once the whole archive is stored at `object_key` and its SHA-256 checked.
 */
export const workflowArtifacts = pgTable(
  'workflow_artifacts',
  {
    id: id(),
    runId: ref('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    jobId: ref('job_id').references(() => workflowJobs.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    objectKey: text('object_key').notNull(),
    byteCount: bigint('byte_count', { mode: 'number' }).notNull().default(0),
    sha256: text('sha256').notNull().default(''),
    status: text('status').$type<'uploading' | 'ready'>().notNull().default('ready'),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    retentionDays: integer('retention_days').notNull().default(90),
    expiresAt: at('expires_at').notNull().default(sql`now() + interval '90 days'`),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_artifacts_run_name_uq').on(t.runId, t.name),
    index('workflow_artifacts_expires_idx').on(t.expiresAt, t.id),
  ],
);

export const runnerJwtUsed = pgTable(
  'runner_jwt_used',
  {
    jti: text('jti').primaryKey(),
    runnerId: ref('runner_id')
      .notNull()
      .references(() => workflowRunners.id, { onDelete: 'cascade' }),
    jobId: ref('job_id')
      .notNull()
      .references(() => workflowJobs.id, { onDelete: 'cascade' }),
    runId: ref('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    repoId: ref('repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at').notNull().defaultNow(),
  },
  (t) => [
    index('runner_jwt_used_expires_idx').on(t.expiresAt),
    index('runner_jwt_used_runner_idx').on(t.runnerId, t.usedAt),
    index('runner_jwt_used_used_idx').on(t.usedAt),
    check('runner_jwt_used_jti_len', sql`char_length(${t.jti}) BETWEEN 16 AND 128`),
  ],
);

export const workflowJobSecretMasks = pgTable('workflow_job_secret_masks', {
  jobId: ref('job_id')
    .primaryKey()
    .references(() => workflowJobs.id, { onDelete: 'cascade' }),
  ciphertext: bytea('ciphertext').notNull(),
  nonce: bytea('nonce').notNull(),
  createdAt: createdAt(),
});

/** Annotations of a job (`::error|warning|notice::`), per step (null: the job's own). */
export const workflowJobAnnotations = pgTable(
  'workflow_job_annotations',
  {
    id: id(),
    jobId: ref('job_id')
      .notNull()
      .references(() => workflowJobs.id, { onDelete: 'cascade' }),
    stepId: ref('step_id').references(() => workflowSteps.id, { onDelete: 'cascade' }),
    level: text('level').notNull(),
    message: text('message').notNull(),
    title: text('title'),
    file: text('file'),
    line: integer('line'),
    endLine: integer('end_line'),
    col: integer('col'),
    endColumn: integer('end_column'),
    createdAt: createdAt(),
  },
  (t) => [
    index('workflow_job_annotations_job_idx').on(t.jobId, t.stepId),
    check('workflow_job_annotations_level', sql`${t.level} IN ('error','warning','notice')`),
  ],
);

export const workflowRunApprovals = pgTable('workflow_run_approvals', {
  runId: ref('run_id')
    .primaryKey()
    .references(() => workflowRuns.id, { onDelete: 'cascade' }),
  requestedReason: text('requested_reason').notNull(),
  requestedAt: at('requested_at').notNull().defaultNow(),
  approvedByUserId: ref('approved_by_user_id'),
  approvedAt: at('approved_at'),
  rejectedByUserId: ref('rejected_by_user_id'),
  rejectedAt: at('rejected_at'),
});

export const checkRuns = pgTable(
  'check_runs',
  {
    id: id(),
    repoId: ref('repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    headSha: text('head_sha').notNull(),
    appSlug: text('app_slug').notNull().default('shithub-actions'),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('queued'),
    conclusion: text('conclusion'),
    detailsUrl: text('details_url').notNull().default(''),
    startedAt: at('started_at'),
    completedAt: at('completed_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('check_runs_external_uq').on(t.repoId, t.appSlug, t.externalId),
    index('check_runs_sha_idx').on(t.repoId, t.headSha),
  ],
);

// ---------------------------------------------------------------------------------------
// Triggers: durable push events and pull requests
// ---------------------------------------------------------------------------------------

export const pushEvents = pgTable(
  'push_events',
  {
    id: id(),
    repoId: ref('repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    pusherUserId: ref('pusher_user_id').references(() => users.id, { onDelete: 'set null' }),
    ref: text('ref').notNull(),
    beforeSha: text('before_sha').notNull(),
    afterSha: text('after_sha').notNull(),
    headCommit: jsonb('head_commit').notNull(),
    changedPaths: text('changed_paths').array(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    processedAt: at('processed_at'),
  },
  (t) => [
    index('push_events_pending_idx').on(t.createdAt, t.id).where(sql`${t.status} = 'pending'`),
    check('push_events_status', sql`${t.status} IN ('pending','processed','failed')`),
  ],
);

export const pullRequests = pgTable(
  'pull_requests',
  {
    id: id(),
    baseRepoId: ref('base_repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    authorUserId: ref('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    headRepoId: ref('head_repo_id')
      .notNull()
      .references(() => repos.id, { onDelete: 'cascade' }),
    headBranch: text('head_branch').notNull(),
    headSha: text('head_sha').notNull(),
    baseBranch: text('base_branch').notNull(),
    state: text('state').notNull().default('open'),
    triggeredSha: text('triggered_sha'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
  },
  (t) => [
    uniqueIndex('pull_requests_base_number_uq').on(t.baseRepoId, t.number),
    index('pull_requests_head_idx').on(t.headRepoId, t.headBranch).where(sql`${t.state} = 'open'`),
    check('pull_requests_state', sql`${t.state} IN ('open','closed')`),
  ],
);

// ---------------------------------------------------------------------------------------
// Web UI sessions (SPEC §17): the cookie carries a random token, the table its SHA-256
// ---------------------------------------------------------------------------------------

export const webSessions = pgTable(
  'web_sessions',
  {
    id: id(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    uniqueIndex('web_sessions_token_hash_uq').on(t.tokenHash),
    index('web_sessions_user_idx').on(t.userId),
    index('web_sessions_expires_idx').on(t.expiresAt),
  ],
);
