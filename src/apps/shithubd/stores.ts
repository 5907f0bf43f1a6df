/** Builds the Drizzle-backed stores on one open database (PGlite or PostgreSQL). */

import { PgAccessTokenStore } from '../../adapters/postgres/access-token-store.js';
import { PgAnnotationStore } from '../../adapters/postgres/annotation-store.js';
import { PgCheckRunStore } from '../../adapters/postgres/check-run-store.js';
import type { Db } from '../../adapters/postgres/database.js';
import { PgJobLifecycle } from '../../adapters/postgres/job-lifecycle.js';
import { PgJobQueue } from '../../adapters/postgres/job-queue.js';
import { PgPolicyStore } from '../../adapters/postgres/policy-store.js';
import { PgPullRequestStore } from '../../adapters/postgres/pull-request-store.js';
import { PgPushEventStore } from '../../adapters/postgres/push-event-store.js';
import { PgRepoStore } from '../../adapters/postgres/repo-store.js';
import { PgRunQueries } from '../../adapters/postgres/run-queries.js';
import { PgRunStore } from '../../adapters/postgres/run-store.js';
import { PgRunnerStore } from '../../adapters/postgres/runner-store.js';
import { PgSecretStore } from '../../adapters/postgres/secret-store.js';
import { PgSessionStore } from '../../adapters/postgres/session-store.js';
import { PgTriggerRuns } from '../../adapters/postgres/trigger-runs.js';
import { PgUserStore } from '../../adapters/postgres/user-store.js';
import { PgVariableStore } from '../../adapters/postgres/variable-store.js';

export function buildPgStores(db: Db) {
  return {
    runners: new PgRunnerStore(db),
    users: new PgUserStore(db),
    repos: new PgRepoStore(db),
    accessTokens: new PgAccessTokenStore(db),
    secrets: new PgSecretStore(db),
    variables: new PgVariableStore(db),
    annotations: new PgAnnotationStore(db),
    policies: new PgPolicyStore(db),
    queue: new PgJobQueue(db),
    lifecycle: new PgJobLifecycle(db),
    runs: new PgRunStore(db),
    runQueries: new PgRunQueries(db),
    pushEvents: new PgPushEventStore(db),
    pullRequests: new PgPullRequestStore(db),
    checks: new PgCheckRunStore(db),
    triggerRuns: new PgTriggerRuns(db),
    sessions: new PgSessionStore(db),
  };
}
