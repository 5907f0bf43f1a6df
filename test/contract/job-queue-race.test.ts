/**
 * Claim races on real PostgreSQL, where `FOR UPDATE SKIP LOCKED` and the lifecycle lock
 * order mean something: many runners drain a deep queue, each job is handed out once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { rowsOf } from '../../src/adapters/postgres/run-rows.js';
import { cancelRun } from '../../src/domain/jobs/cancel-jobs.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import {
  describePostgres,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { databaseJobBackend, type JobWorld, plannedJob, plannedRun } from '../support/job-seed.js';

const RUNNERS = 8;

async function countBy(open: OpenDatabase, status: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await open.db.execute(sql`SELECT count(*)::int AS n FROM workflow_jobs WHERE status = ${status}`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Claims and completes jobs until the queue holds nothing this runner could take. */
async function drain(w: JobWorld, open: OpenDatabase, runnerId: number, claimedIds: number[]) {
  for (;;) {
    const outcome = await w.queue.claim({ runnerId, now: w.clock.now() });
    if (outcome.kind === 'claimed') {
      claimedIds.push(outcome.job.id);
      await updateJobStatus(w, {
        jobId: outcome.job.id,
        runnerId,
        status: 'completed',
        conclusion: 'success',
      });
      continue;
    }
    if (outcome.kind !== 'no_job') throw new Error(`unexpected ${outcome.kind}`);
    if ((await countBy(open, 'queued')) === 0) return;
  }
}

describePostgres(`JobQueue claim races on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  let open: OpenDatabase;
  let w: JobWorld;

  beforeAll(async () => {
    open = await openTestPostgres(12);
  });
  afterAll(async () => {
    await open?.close();
  });

  async function setUp(runs: number, jobsPerRun: number, runnerCount = RUNNERS) {
    w = await (await databaseJobBackend(open, resetDatabase)).fresh();
    const repoId = await w.seed.repo();
    for (let r = 0; r < runs; r++) {
      const jobs = Array.from({ length: jobsPerRun }, (_, i) => plannedJob(`j${i}`, { steps: [] }));
      await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
    }
    return Promise.all(
      Array.from({ length: runnerCount }, () => w.seed.runner({ capacity: 64, labels: [] })),
    );
  }

  it('8 concurrent claimers drain 2,000 queued jobs: each claimed exactly once, none left', async () => {
    const runners = await setUp(20, 100);
    const perRunner = runners.map(() => [] as number[]);
    await Promise.all(runners.map((id, i) => drain(w, open, id, perRunner[i]!)));
    const all = perRunner.flat();
    expect(all).toHaveLength(2000);
    expect(new Set(all).size).toBe(2000);
    expect(await countBy(open, 'queued')).toBe(0);
    expect(await countBy(open, 'completed')).toBe(2000);
    expect(perRunner.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
  }, 300_000);

  it('50 concurrent claimers drain 600 queued jobs: each claimed exactly once, none left', async () => {
    const runners = await setUp(12, 50, 50);
    await w.seed.sitePolicy({ maxRepoConcurrentJobs: 1000, maxOwnerConcurrentJobs: 1000 });
    const perRunner = runners.map(() => [] as number[]);
    await Promise.all(runners.map((id, i) => drain(w, open, id, perRunner[i]!)));
    const all = perRunner.flat();
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
    expect(await countBy(open, 'completed')).toBe(600);
  }, 300_000);

  it('never takes a runner past its capacity, however many of its heartbeats claim at once', async () => {
    w = await (await databaseJobBackend(open, resetDatabase)).fresh();
    const repoId = await w.seed.repo();
    const jobs = Array.from({ length: 30 }, (_, i) => plannedJob(`j${i}`, { steps: [] }));
    await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
    const runnerId = await w.seed.runner({ capacity: 1, labels: [] });
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, () => w.queue.claim({ runnerId, now: w.clock.now() })),
    );
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(1);
    expect(await countBy(open, 'running')).toBe(1);
  }, 60_000);

  // Issue #12 fixes 5 and 6: limits that count running jobs hold between claimers whose
  // statements run at the same instant (on one replica or several: same database).
  it.each([
    ['the repo cap', { cap: 1 }, () => plannedJob('j', { steps: [] })],
    [
      'a job-level concurrency group',
      { cap: 100 },
      () => plannedJob('j', { steps: [], concurrencyGroup: 'deploy' }),
    ],
  ])(
    'holds %s when 16 runners claim at once',
    async (_name, { cap }, job) => {
      w = await (await databaseJobBackend(open, resetDatabase)).fresh();
      await w.seed.sitePolicy({ maxRepoConcurrentJobs: cap, maxOwnerConcurrentJobs: 1000 });
      const repoId = await w.seed.repo();
      for (let r = 0; r < 16; r++)
        await w.runs.enqueueRun(plannedRun(repoId, { jobs: [job()] }), w.clock.now());
      const runners = await Promise.all(
        Array.from({ length: 16 }, () => w.seed.runner({ capacity: 4, labels: [] })),
      );
      const outcomes = await Promise.all(
        runners.map((runnerId) => w.queue.claim({ runnerId, now: w.clock.now() })),
      );
      expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(1);
      expect(await countBy(open, 'running')).toBe(1);
    },
    60_000,
  );

  it('holds a matrix at max-parallel when 16 runners claim at once', async () => {
    w = await (await databaseJobBackend(open, resetDatabase)).fresh();
    const repoId = await w.seed.repo();
    const jobs = Array.from({ length: 16 }, (_, i) =>
      plannedJob(`t-${i}`, { steps: [], matrixGroup: 't', maxParallel: 2 }),
    );
    await w.runs.enqueueRun(plannedRun(repoId, { jobs }), w.clock.now());
    const runners = await Promise.all(
      Array.from({ length: 16 }, () => w.seed.runner({ capacity: 4, labels: [] })),
    );
    const outcomes = await Promise.all(
      runners.map((runnerId) => w.queue.claim({ runnerId, now: w.clock.now() })),
    );
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(2);
    expect(await countBy(open, 'running')).toBe(2);
  }, 60_000);

  it('claims racing run cancels and completions finish without deadlock, every run completed', async () => {
    const runners = await setUp(40, 10);
    const runIds = (await w.runs.listJobs(1)).length ? Array.from({ length: 40 }, (_, i) => i + 1) : [];
    const claimed: number[] = [];
    const cancelling = (async () => {
      for (const runId of runIds.filter((id) => id % 2 === 0)) await cancelRun(w, { runId, reason: 'user' });
    })();
    await Promise.all([...runners.map((id) => drain(w, open, id, claimed)), cancelling]);
    expect(new Set(claimed).size).toBe(claimed.length);
    const open_ = rowsOf<{ n: number }>(
      await open.db.execute(sql`SELECT count(*)::int AS n FROM workflow_runs WHERE status <> 'completed'`),
    );
    expect(Number(open_[0]?.n)).toBe(0);
  }, 300_000);
});
