import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repo, User } from '../../src/ports/model/forge.js';
import type { NewPushEvent } from '../../src/ports/push-event-store.js';
import { seedOwnerRepo, type TriggerBackend, type TriggerStores } from '../support/trigger-stores.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function event(repo: Repo, pusher: User, extra: Partial<NewPushEvent> = {}): NewPushEvent {
  return {
    repoId: repo.id,
    pusherUserId: pusher.id,
    ref: 'refs/heads/trunk',
    before: '0'.repeat(40),
    after: 'a'.repeat(40),
    headCommit: {
      id: 'a'.repeat(40),
      message: 'Add the smoke workflow\n\nwith a body',
      author: { name: 'Ada', email: 'ada@example.com' },
      timestamp: new Date('2026-02-01T08:00:00.000Z'),
    },
    changedPaths: null,
    createdAt: T0,
    ...extra,
  };
}

/** The PushEventStore contract: atomic recording, pending listing, processing and failures. */
export function describePushEventStoreContract(name: string, backend: TriggerBackend): void {
  describe(`PushEventStore contract on ${name}`, () => {
    let s: TriggerStores;
    let repo: Repo;
    let user: User;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      s = await backend.fresh();
      ({ user, repo } = await seedOwnerRepo(s, 'ada'));
    });

    it('records every event of a push pending, in order, and reads them back whole', async () => {
      const recorded = await s.pushEvents.recordPushEvents([
        event(repo, user),
        event(repo, user, { ref: 'refs/tags/v1', changedPaths: ['a.txt', 'dir/b.txt'] }),
      ]);
      expect(recorded.map((e) => e.ref)).toEqual(['refs/heads/trunk', 'refs/tags/v1']);
      expect(recorded[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
        lastError: null,
        processedAt: null,
      });
      expect(recorded[1]?.id).toBeGreaterThan(recorded[0]?.id ?? 0);
      const read = await s.pushEvents.getPushEvent(recorded[1]?.id ?? 0);
      expect(read).toEqual(recorded[1]);
      expect(read?.headCommit.timestamp).toEqual(new Date('2026-02-01T08:00:00.000Z'));
      expect(read?.changedPaths).toEqual(['a.txt', 'dir/b.txt']);
    });

    it('records nothing for an empty push and answers undefined for an unknown id', async () => {
      expect(await s.pushEvents.recordPushEvents([])).toEqual([]);
      expect(await s.pushEvents.getPushEvent(999)).toBeUndefined();
    });

    it('stores none of a push whose second event is bad', async () => {
      await expect(
        s.pushEvents.recordPushEvents([event(repo, user), event(repo, user, { repoId: 9999 })]),
      ).rejects.toThrow();
      expect(await s.pushEvents.listPendingPushEvents(later(1), 10)).toEqual([]);
    });

    it('lists pending events created before the cutoff, oldest first, up to the limit', async () => {
      const [a, b, c] = await s.pushEvents.recordPushEvents([
        event(repo, user),
        event(repo, user, { ref: 'refs/heads/b' }),
        event(repo, user, { ref: 'refs/heads/c', createdAt: later(60_000) }),
      ]);
      await s.pushEvents.markPushEventProcessed(a?.id ?? 0, later(5));
      expect((await s.pushEvents.listPendingPushEvents(later(1), 10)).map((e) => e.id)).toEqual([b?.id]);
      const all = await s.pushEvents.listPendingPushEvents(later(120_000), 10);
      expect(all.map((e) => e.id)).toEqual([b?.id, c?.id]);
      expect(await s.pushEvents.listPendingPushEvents(later(120_000), 1)).toHaveLength(1);
    });

    it('marks an event processed once, keeping the first time', async () => {
      const [a] = await s.pushEvents.recordPushEvents([event(repo, user)]);
      await s.pushEvents.markPushEventProcessed(a?.id ?? 0, later(1000));
      await s.pushEvents.markPushEventProcessed(a?.id ?? 0, later(2000));
      await s.pushEvents.markPushEventProcessed(12345, later(2000));
      expect(await s.pushEvents.getPushEvent(a?.id ?? 0)).toMatchObject({
        status: 'processed',
        processedAt: later(1000),
      });
    });

    it('counts failures, keeps the event pending, and gives up at the attempt limit', async () => {
      const [a] = await s.pushEvents.recordPushEvents([event(repo, user)]);
      const id = a?.id ?? 0;
      expect(await s.pushEvents.recordPushEventFailure(id, 'database hiccup', 3)).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'database hiccup',
      });
      await s.pushEvents.recordPushEventFailure(id, 'again', 3);
      expect(await s.pushEvents.recordPushEventFailure(id, 'third', 3)).toMatchObject({
        status: 'failed',
        attempts: 3,
      });
      expect(await s.pushEvents.listPendingPushEvents(later(1), 10)).toEqual([]);
      expect(await s.pushEvents.recordPushEventFailure(999, 'x', 3)).toBeUndefined();
    });

    it('leaves a processed event alone when a late failure is recorded', async () => {
      const [a] = await s.pushEvents.recordPushEvents([event(repo, user)]);
      await s.pushEvents.markPushEventProcessed(a?.id ?? 0, later(1));
      expect(await s.pushEvents.recordPushEventFailure(a?.id ?? 0, 'late', 3)).toMatchObject({
        status: 'processed',
        attempts: 0,
      });
    });
  });
}
