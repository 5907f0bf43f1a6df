import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repo, User } from '../../src/ports/model/forge.js';
import type { NewPullRequest } from '../../src/ports/pull-request-store.js';
import { seedOwnerRepo, type TriggerBackend, type TriggerStores } from '../support/trigger-stores.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function pull(base: Repo, author: User, extra: Partial<NewPullRequest> = {}): NewPullRequest {
  return {
    baseRepoId: base.id,
    title: 'Fix it',
    authorUserId: author.id,
    headRepoId: base.id,
    headBranch: 'patch',
    headSha: 'a'.repeat(40),
    baseBranch: 'trunk',
    createdAt: T0,
    ...extra,
  };
}

/** The PullRequestStore contract: numbering per base repository, lookups, updates, owed triggers. */
export function describePullRequestStoreContract(name: string, backend: TriggerBackend): void {
  describe(`PullRequestStore contract on ${name}`, () => {
    let s: TriggerStores;
    let base: Repo;
    let other: Repo;
    let ada: User;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      s = await backend.fresh();
      ({ user: ada, repo: base } = await seedOwnerRepo(s, 'ada'));
      ({ repo: other } = await seedOwnerRepo(s, 'bob'));
    });

    it('numbers pull requests from 1 per base repository and opens them untriggered', async () => {
      const first = await s.pullRequests.createPullRequest(pull(base, ada));
      const second = await s.pullRequests.createPullRequest(pull(base, ada, { headBranch: 'other' }));
      const elsewhere = await s.pullRequests.createPullRequest(pull(other, ada, { headRepoId: other.id }));
      expect([first.number, second.number, elsewhere.number]).toEqual([1, 2, 1]);
      expect(first).toMatchObject({
        state: 'open',
        triggeredSha: null,
        closedAt: null,
        updatedAt: T0,
        title: 'Fix it',
      });
      expect(await s.pullRequests.getPullRequest(base.id, 2)).toEqual(second);
      expect(await s.pullRequests.getPullRequestById(first.id)).toEqual(first);
      expect(await s.pullRequests.getPullRequest(base.id, 3)).toBeUndefined();
    });

    it('never hands two concurrent creators the same number', async () => {
      const created = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          s.pullRequests.createPullRequest(pull(base, ada, { headBranch: `b${i}` })),
        ),
      );
      expect(created.map((p) => p.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('finds open pull requests by head repository and branch', async () => {
      const a = await s.pullRequests.createPullRequest(pull(base, ada));
      const closed = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.createPullRequest(pull(base, ada, { headBranch: 'else' }));
      await s.pullRequests.updatePullRequest(closed.id, { state: 'closed', closedAt: later(1) }, later(1));
      expect((await s.pullRequests.listOpenByHead(base.id, 'patch')).map((p) => p.id)).toEqual([a.id]);
      expect(await s.pullRequests.listOpenByHead(other.id, 'patch')).toEqual([]);
    });

    it("lists a base repository's pull requests, open and closed, newest first, up to the limit", async () => {
      const first = await s.pullRequests.createPullRequest(pull(base, ada));
      const closed = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.updatePullRequest(closed.id, { state: 'closed', closedAt: later(1) }, later(1));
      const third = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.createPullRequest(pull(other, ada, { headRepoId: other.id }));
      expect((await s.pullRequests.listByBase(base.id, 10)).map((p) => p.id)).toEqual([
        third.id,
        closed.id,
        first.id,
      ]);
      expect((await s.pullRequests.listByBase(base.id, 1)).map((p) => p.number)).toEqual([3]);
    });

    it('applies a patch and stamps updatedAt; unknown ids answer undefined', async () => {
      const pr = await s.pullRequests.createPullRequest(pull(base, ada));
      const moved = await s.pullRequests.updatePullRequest(
        pr.id,
        { headSha: 'b'.repeat(40), title: 'New' },
        later(5),
      );
      expect(moved).toMatchObject({
        headSha: 'b'.repeat(40),
        title: 'New',
        updatedAt: later(5),
        state: 'open',
      });
      expect(await s.pullRequests.updatePullRequest(999, { title: 'x' }, later(5))).toBeUndefined();
    });

    it('lists open pull requests that still owe a trigger, updated before the cutoff', async () => {
      const owed = await s.pullRequests.createPullRequest(pull(base, ada));
      const done = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.updatePullRequest(done.id, { triggeredSha: 'a'.repeat(40) }, T0);
      const moved = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.updatePullRequest(
        moved.id,
        { triggeredSha: 'a'.repeat(40), headSha: 'c'.repeat(40) },
        T0,
      );
      const closed = await s.pullRequests.createPullRequest(pull(base, ada));
      await s.pullRequests.updatePullRequest(closed.id, { state: 'closed' }, T0);
      const fresh = await s.pullRequests.createPullRequest(pull(base, ada, { createdAt: later(60_000) }));
      const listed = await s.pullRequests.listUntriggered(later(1), 10);
      expect(listed.map((p) => p.id)).toEqual([owed.id, moved.id]);
      expect((await s.pullRequests.listUntriggered(later(120_000), 10)).map((p) => p.id)).toContain(fresh.id);
      expect(await s.pullRequests.listUntriggered(later(1), 1)).toHaveLength(1);
    });
  });
}
