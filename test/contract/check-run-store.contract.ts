import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewCheckRun } from '../../src/ports/check-run-store.js';
import type { Repo } from '../../src/ports/model/forge.js';
import { seedOwnerRepo, type TriggerBackend, type TriggerStores } from '../support/trigger-stores.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const SHA = 'a'.repeat(40);

function check(repo: Repo, externalId: string, extra: Partial<NewCheckRun> = {}): NewCheckRun {
  return {
    repoId: repo.id,
    headSha: SHA,
    externalId,
    name: externalId.split(':').pop() ?? '',
    status: 'queued',
    conclusion: null,
    detailsUrl: '',
    startedAt: null,
    completedAt: null,
    ...extra,
  };
}

/** The CheckRunStore contract: idempotent creation, updates by external id, listing by commit. */
export function describeCheckRunStoreContract(name: string, backend: TriggerBackend): void {
  describe(`CheckRunStore contract on ${name}`, () => {
    let s: TriggerStores;
    let repo: Repo;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      s = await backend.fresh();
      ({ repo } = await seedOwnerRepo(s, 'ada'));
    });

    it('creates check runs once and leaves existing ones as they are', async () => {
      await s.checks.ensureCheckRuns(
        [check(repo, 'workflow_run:1:job:a'), check(repo, 'workflow_run:1:job:b')],
        T0,
      );
      await s.checks.updateCheckRun(
        repo.id,
        'workflow_run:1:job:a',
        { status: 'in_progress', startedAt: T0 },
        T0,
      );
      await s.checks.ensureCheckRuns(
        [check(repo, 'workflow_run:1:job:a'), check(repo, 'workflow_run:1:job:c')],
        T0,
      );
      const listed = await s.checks.listCheckRuns(repo.id, SHA);
      expect(listed.map((c) => [c.externalId, c.status])).toEqual([
        ['workflow_run:1:job:a', 'in_progress'],
        ['workflow_run:1:job:b', 'queued'],
        ['workflow_run:1:job:c', 'queued'],
      ]);
      expect(listed[0]).toMatchObject({ appSlug: 'shithub-actions', name: 'a', createdAt: T0 });
    });

    it('updates by external id and answers undefined for a missing check', async () => {
      await s.checks.ensureCheckRuns([check(repo, 'workflow_run:1:job:a')], T0);
      const done = new Date(T0.getTime() + 5000);
      const updated = await s.checks.updateCheckRun(
        repo.id,
        'workflow_run:1:job:a',
        { status: 'completed', conclusion: 'success', completedAt: done },
        done,
      );
      expect(updated).toMatchObject({
        status: 'completed',
        conclusion: 'success',
        completedAt: done,
        updatedAt: done,
      });
      expect(
        await s.checks.updateCheckRun(repo.id, 'workflow_run:9:job:x', { status: 'completed' }, done),
      ).toBeUndefined();
    });

    it('lists only the check runs of the given commit', async () => {
      await s.checks.ensureCheckRuns(
        [
          check(repo, 'workflow_run:1:job:a'),
          check(repo, 'workflow_run:2:job:a', { headSha: 'b'.repeat(40) }),
        ],
        T0,
      );
      expect((await s.checks.listCheckRuns(repo.id, 'b'.repeat(40))).map((c) => c.externalId)).toEqual([
        'workflow_run:2:job:a',
      ]);
      expect(await s.checks.listCheckRuns(repo.id, 'c'.repeat(40))).toEqual([]);
      await s.checks.ensureCheckRuns([], T0);
    });
  });
}
