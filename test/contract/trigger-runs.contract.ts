import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repo, User } from '../../src/ports/model/forge.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { seedOwnerRepo, type TriggerBackend, type TriggerStores } from '../support/trigger-stores.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

/** The TriggerRuns contract: queued and per-actor counts, open runs of a group, approval requests. */
export function describeTriggerRunsContract(name: string, backend: TriggerBackend): void {
  describe(`TriggerRuns contract on ${name}`, () => {
    let s: TriggerStores;
    let repo: Repo;
    let ada: User;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      s = await backend.fresh();
      ({ user: ada, repo } = await seedOwnerRepo(s, 'ada'));
    });

    it('counts the queued runs of a repository', async () => {
      expect(await s.triggerRuns.countQueuedRuns(repo.id)).toBe(0);
      await s.runs.enqueueRun(plannedRun(repo.id), T0);
      await s.runs.enqueueRun(plannedRun(repo.id), T0);
      await s.runs.enqueueRun(plannedRun(repo.id, { diagnostics: [{ message: 'bad' }], jobs: [] }), T0);
      expect(await s.triggerRuns.countQueuedRuns(repo.id)).toBe(2);
    });

    it('counts the runs an actor triggered since a time, across repositories', async () => {
      const { repo: other } = await seedOwnerRepo(s, 'bob');
      await s.runs.enqueueRun(plannedRun(repo.id, { actorUserId: ada.id }), T0);
      await s.runs.enqueueRun(plannedRun(other.id, { actorUserId: ada.id }), later(1000));
      await s.runs.enqueueRun(plannedRun(repo.id), later(1000));
      expect(await s.triggerRuns.countRunsByActorSince(ada.id, T0)).toBe(2);
      expect(await s.triggerRuns.countRunsByActorSince(ada.id, later(1))).toBe(1);
    });

    it('lists the open runs of one concurrency group, oldest first', async () => {
      const a = await s.runs.enqueueRun(plannedRun(repo.id, { concurrencyGroup: 'deploy' }), T0);
      const b = await s.runs.enqueueRun(plannedRun(repo.id, { concurrencyGroup: 'deploy' }), later(1));
      await s.runs.enqueueRun(plannedRun(repo.id, { concurrencyGroup: 'other' }), T0);
      await s.runs.enqueueRun(
        plannedRun(repo.id, { concurrencyGroup: 'deploy', diagnostics: [], jobs: [] }),
        T0,
      );
      const open = await s.triggerRuns.listOpenRunsInGroup(repo.id, 'deploy');
      expect(open.map((r) => r.id)).toEqual([a.run.id, b.run.id]);
    });

    it('lists the open jobs of one job-level concurrency group in a repository, oldest first', async () => {
      const { repo: other } = await seedOwnerRepo(s, 'bob');
      const job = (key: string, group: string) => plannedJob(key, { concurrencyGroup: group });
      const a = await s.runs.enqueueRun(
        plannedRun(repo.id, { jobs: [job('a', 'deploy'), job('x', '')] }),
        T0,
      );
      const b = await s.runs.enqueueRun(plannedRun(repo.id, { jobs: [job('b', 'deploy')] }), later(1));
      await s.runs.enqueueRun(plannedRun(other.id, { jobs: [job('c', 'deploy')] }), T0);
      await s.runs.enqueueRun(plannedRun(repo.id, { jobs: [job('d', 'other')] }), T0);
      const open = await s.triggerRuns.listOpenJobsInGroup(repo.id, 'deploy');
      expect(open.map((j) => j.id)).toEqual([a.jobs[0]!.id, b.jobs[0]!.id]);
    });

    it('records an approval request once', async () => {
      const { run } = await s.runs.enqueueRun(plannedRun(repo.id, { needApproval: true }), T0);
      await s.triggerRuns.requestApproval(run.id, 'needs a maintainer', T0);
      await s.triggerRuns.requestApproval(run.id, 'another reason', later(5));
      await expect(s.triggerRuns.requestApproval(run.id + 100, 'x', T0)).rejects.toThrow();
    });
  });
}
