/**
 * The idle heartbeat fast path (issue #13 item 1, SPEC §20): an idle runner's 204 comes
 * without a claim from the database while nothing concerning it happened — and nothing
 * is missed because of it: a job enqueued at any point between two heartbeats is claimed
 * by the next one, a revoked or rotated token is refused at once. On the memory stores,
 * PGlite, and PostgreSQL when configured; "from the database" is counted at the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_RECHECK_MS } from '../../../../src/adapters/http/runner-api/heartbeat-route.js';
import type { OpenDatabase } from '../../../../src/adapters/postgres/database.js';
import { enqueueRun } from '../../../../src/domain/jobs/enqueue-run.js';
import { notifyJobsFinished } from '../../../../src/domain/runner-api/wake-runners.js';
import { revokeRunner } from '../../../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../../src/domain/runners/rotate-registration-token.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../../../support/databases.js';
import {
  type ClaimJson,
  makeRunnerApiWorld,
  memoryStores,
  pgStores,
  plannedJob,
  plannedRun,
  type RunnerApiStores,
  type RunnerApiWorld,
} from './runner-api-world.js';

/** Counts the claims that reach the queue; `before`/`after` run around each one. */
function countClaims(w: RunnerApiWorld) {
  const claim = w.deps.queue.claim.bind(w.deps.queue);
  const counter = { n: 0, before: async () => {}, after: async () => {} };
  w.deps.queue.claim = async (request) => {
    counter.n += 1;
    await counter.before();
    const outcome = await claim(request);
    await counter.after();
    return outcome;
  };
  return counter;
}

function describeIdle(name: string, stores: () => Promise<RunnerApiStores>) {
  describe(`idle heartbeats on ${name}`, () => {
    const setUp = async () => {
      const w = makeRunnerApiWorld(await stores());
      const runner = await w.runner();
      const repo = await w.repo();
      return { w, runner, repo, claims: countClaims(w) };
    };
    const claimedId = async (res: Response) =>
      res.status === 200 ? ((await res.json()) as ClaimJson).job.id : res.status;

    it('answers an idle heartbeat 204 without a claim from the database', async () => {
      const { w, runner, claims } = await setUp();
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      expect(claims.n).toBe(1);
      expect(w.metrics.counter('runner_heartbeats_total', { result: 'no_job' })).toBe(3);
    });

    it.each([
      ['before the empty claim reads the queue', 'before'],
      ['after the empty claim read the queue, before its 204', 'after'],
      ['after the 204, before the next heartbeat', 'between'],
    ] as const)('claims a job enqueued %s on the next heartbeat', async (_when, point) => {
      const { w, runner, repo, claims } = await setUp();
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      let jobId = 0;
      const enqueueOnce = async () => {
        claims.before = claims.after = async () => {};
        jobId = (await w.enqueue(repo.id)).jobs[0]!.id;
      };
      if (point === 'before') claims.before = enqueueOnce;
      if (point === 'after') claims.after = enqueueOnce;
      w.clock.advance(IDLE_RECHECK_MS + 1); // the next heartbeat asks the database
      const answers = [await w.heartbeat(runner.token)];
      if (point === 'between') await enqueueOnce();
      if (answers[0]!.status === 204) answers.push(await w.heartbeat(runner.token));
      expect(await claimedId(answers.at(-1)!)).toBe(jobId);
    });

    it('stays quiet through a job for labels it lacks, and wakes for a finished job', async () => {
      const { w, runner, repo, claims } = await setUp();
      await w.heartbeat(runner.token);
      await w.enqueue(repo.id, { jobs: [plannedJob('win', { runsOn: ['windows-latest'] })] });
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      expect(claims.n).toBe(1);
      await notifyJobsFinished(w.deps);
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      expect(claims.n).toBe(2);
    });

    it(`asks the database again after ${IDLE_RECHECK_MS} ms, so a job no wake-up announced is claimed`, async () => {
      const { w, runner, repo, claims } = await setUp();
      await w.heartbeat(runner.token);
      const { jobs } = await enqueueRun({ runs: w.deps.runs, clock: w.clock }, plannedRun(repo.id));
      w.clock.advance(IDLE_RECHECK_MS - 1);
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      w.clock.advance(1);
      expect(await claimedId(await w.heartbeat(runner.token))).toBe(jobs[0]!.id);
      expect(claims.n).toBe(2);
      const runnerRow = await w.deps.runners.findById(runner.id);
      expect(runnerRow?.lastHeartbeatAt).toEqual(w.clock.now());
    });

    it('asks the database when the heartbeat says something new', async () => {
      const { w, runner, claims } = await setUp();
      await w.heartbeat(runner.token, { labels: ['ubuntu-latest'] });
      await w.heartbeat(runner.token, { labels: ['ubuntu-latest', 'gpu'] });
      await w.heartbeat(runner.token, { labels: ['ubuntu-latest', 'gpu'], capacity: 2 });
      await w.heartbeat(runner.token, { labels: ['ubuntu-latest', 'gpu'], capacity: 2, active_job_ids: [] });
      await w.heartbeat(runner.token, { labels: ['ubuntu-latest', 'gpu'], capacity: 2, active_job_ids: [] });
      expect(claims.n).toBe(4);
      const stored = await w.deps.runners.findById(runner.id);
      expect([...(stored?.labels ?? [])].sort()).toEqual(['gpu', 'ubuntu-latest']);
      expect(stored?.capacity).toBe(2);
    });

    it('refuses a revoked token at once, though the idle runner was answered from the cache', async () => {
      const { w, runner } = await setUp();
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      await revokeRunner(w.deps, { id: runner.id });
      const res = await w.heartbeat(runner.token);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('runner token invalid');
    });

    it('refuses a rotated-out token at once and accepts the new one', async () => {
      const { w, runner } = await setUp();
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      const rotated = await rotateRegistrationToken({ ...w.deps, random: w.random }, { id: runner.id });
      expect((await w.heartbeat(runner.token)).status).toBe(401);
      expect((await w.heartbeat(rotated.token)).status).toBe(204);
    });

    it('refuses a token from the instant it expires, with no event', async () => {
      const { w, runner } = await setUp();
      const rotated = await rotateRegistrationToken(
        { ...w.deps, random: w.random },
        { id: runner.id, expiresInMs: 60_000 },
      );
      expect((await w.heartbeat(rotated.token)).status).toBe(204);
      w.clock.advance(60_000);
      expect((await w.heartbeat(rotated.token)).status).toBe(401);
    });
  });
}

describeIdle('the memory stores', async () => memoryStores());

describe('on PGlite', () => {
  let lite: OpenDatabase;
  beforeAll(async () => {
    lite = await openTestPglite();
  });
  afterAll(async () => {
    await lite?.close();
  });
  describeIdle('PGlite', async () => {
    await resetDatabase(lite);
    return pgStores(lite.db);
  });
});

describePostgres(`idle heartbeats on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  let pg: OpenDatabase;
  beforeAll(async () => {
    pg = await openTestPostgres();
  });
  afterAll(async () => {
    await pg?.close();
  });
  describeIdle('PostgreSQL', async () => {
    await resetDatabase(pg);
    return pgStores(pg.db);
  });
});
