/**
 * Replicas firing the same schedule window at once: the trigger id per fire time and the
 * enqueue's idempotency leave one run. Meaningful on real PostgreSQL (several sessions).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/adapters/postgres/database.js';
import { buildPgStores } from '../../src/apps/shithubd/stores.js';
import { fireDueSchedules } from '../../src/domain/triggers/fire-due-schedules.js';
import { newScheduleMemory } from '../../src/domain/triggers/scheduled-workflows.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../support/databases.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeGit } from '../support/fake-git.js';
import { seedRepo, seedUser } from '../support/forge-stores.js';

const NIGHTLY = `on:
  schedule:
    - cron: '*/5 * * * *'
jobs:
  sweep:
    runs-on: ubuntu-latest
    steps:
      - run: echo sweeping
`;

function describeScheduleRace(name: string, open: () => Promise<OpenDatabase>, replicas: number): void {
  describe(`schedule fired by ${replicas} replicas at once on ${name}`, () => {
    let db: OpenDatabase;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await resetDatabase(db);
    });

    it('creates one run per repository and fire time', async () => {
      const stores = buildPgStores(db.db);
      const git = new FakeGit();
      const clock = new FakeClock(new Date('2026-03-02T10:00:30Z'));
      const deps = { ...stores, clock, git, defaultTimeoutMinutes: 360 };
      const ada = await seedUser(stores, 'ada');
      const repos = [await seedRepo(stores, { kind: 'user', ...ada }, 'one')];
      repos.push(await seedRepo(stores, { kind: 'user', ...ada }, 'two'));
      for (const repo of repos) git.commit(repo, 'trunk', { '.shithub/workflows/nightly.yml': NIGHTLY });
      const rounds = await Promise.all(
        Array.from({ length: replicas }, () =>
          fireDueSchedules(deps, {
            now: clock.now(),
            lookbackMs: 600_000,
            maxRepos: 10,
            memory: newScheduleMemory(),
          }),
        ),
      );
      const fired = rounds.flatMap((r) => r.fired);
      expect(rounds.flatMap((r) => r.failed)).toEqual([]);
      expect(
        fired
          .filter((f) => f.created)
          .map((f) => f.repoId)
          .sort(),
      ).toEqual(repos.map((r) => r.id).sort());
      expect(fired).toHaveLength(replicas * repos.length);
      for (const repo of repos) {
        const ids = new Set(fired.filter((f) => f.repoId === repo.id).map((f) => f.run.id));
        expect(ids.size).toBe(1);
        const run = await stores.runs.getRun([...ids][0]!);
        expect(run).toMatchObject({ event: 'schedule', runIndex: 1 });
        expect(await stores.runs.listJobs(run!.id)).toHaveLength(1);
      }
    });
  });
}

describeScheduleRace('PGlite', openTestPglite, 2);

describePostgres(`Schedule race on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeScheduleRace('PostgreSQL', () => openTestPostgres(8), 6);
});
