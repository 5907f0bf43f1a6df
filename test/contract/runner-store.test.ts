import { eq } from 'drizzle-orm';
import { MemoryState } from '../../src/adapters/memory/state.js';
import type { Db, OpenDatabase } from '../../src/adapters/postgres/database.js';
import { PgRunnerStore } from '../../src/adapters/postgres/runner-store.js';
import {
  repos,
  users,
  workflowJobs,
  workflowRunners,
  workflowRuns,
} from '../../src/adapters/postgres/schema.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { memoryHarness, type RunnerStoreBackend, type RunnerStoreHarness } from '../support/runner-world.js';
import { describeRunnerStoreContract } from './runner-store.contract.js';

/** Seeds the user → repo → run chain once per test, then adds jobs to that run. */
function pgHarness(db: Db): RunnerStoreHarness {
  let runId: number | undefined;
  let jobIndex = 0;
  const ensureRun = async (): Promise<number> => {
    if (runId !== undefined) return runId;
    const [user] = await db.insert(users).values({ name: 'owner' }).returning({ id: users.id });
    const [repo] = await db
      .insert(repos)
      .values({ ownerUserId: user?.id, ownerName: 'owner', name: 'repo' })
      .returning({ id: repos.id });
    const [run] = await db
      .insert(workflowRuns)
      .values({
        repoId: repo?.id ?? 0,
        runIndex: 1,
        workflowFile: 'ci.yml',
        headSha: 'a'.repeat(40),
        event: 'push',
      })
      .returning({ id: workflowRuns.id });
    runId = run?.id ?? 0;
    return runId;
  };
  return {
    store: new PgRunnerStore(db),
    heartbeat: async (runnerId, at, status) => {
      await db
        .update(workflowRunners)
        .set({ lastHeartbeatAt: at, status })
        .where(eq(workflowRunners.id, runnerId));
    },
    addJob: async (runnerId, status) => {
      jobIndex += 1;
      await db.insert(workflowJobs).values({
        runId: await ensureRun(),
        jobIndex,
        jobKey: `job-${jobIndex}`,
        runnerId,
        status,
        conclusion: status === 'completed' ? 'success' : null,
      });
    },
  };
}

async function pgBackend(open: () => Promise<OpenDatabase>): Promise<RunnerStoreBackend> {
  const opened = await open();
  return {
    fresh: async () => {
      await resetDatabase(opened);
      return pgHarness(opened.db);
    },
    close: () => opened.close(),
  };
}

describeRunnerStoreContract('memory', async () => ({
  fresh: async () => memoryHarness(new MemoryState()),
  close: async () => {},
}));

describeRunnerStoreContract('PGlite', () => pgBackend(openTestPglite));

describePostgres(`RunnerStore on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRunnerStoreContract('PostgreSQL', () => pgBackend(() => openTestPostgres(4)));
});
