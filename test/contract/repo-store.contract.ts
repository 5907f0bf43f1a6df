import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCollaborator } from '../../src/domain/forge/collaborator.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import type { Repo, User } from '../../src/ports/model/forge.js';
import type { NewRepo } from '../../src/ports/repo-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedRepo, seedUser } from '../support/forge-stores.js';
import { FakeGitRepositories } from '../support/forge-world.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
const LATER = new Date('2026-02-04T00:00:00.000Z');

function newRepo(owner: User, name: string): NewRepo {
  return {
    ownerUserId: owner.id,
    ownerOrgId: null,
    ownerName: owner.name,
    name,
    isPrivate: true,
    defaultBranch: 'main',
    forkOfRepoId: null,
    createdAt: AT,
  };
}

/** The RepoStore contract: unique names per owner, provisioning inside the insert, collaborator upsert. */
export function describeRepoStoreContract(name: string, backend: ForgeBackend): void {
  describe(`RepoStore contract on ${name}`, () => {
    let s: ForgeStores;
    let alice: User;
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      alice = await seedUser(s, 'Alice');
    });
    afterAll(() => backend.teardown());

    it('stores a repository, provisions it once, and finds it by path in any letter case and by id', async () => {
      const provisioned: Repo[] = [];
      const repo = await s.repos.createRepo(newRepo(alice, 'Tools'), async (r) => {
        provisioned.push(r);
      });
      expect(repo).toEqual({ id: expect.any(Number), ...newRepo(alice, 'Tools') });
      expect(provisioned).toEqual([repo]);
      expect(await s.repos.getRepoByPath('alice', 'TOOLS')).toEqual(repo);
      if (repo === 'exists') throw new Error('unreachable');
      expect(await s.repos.getRepoById(repo.id)).toEqual(repo);
    });

    it('answers exists, without provisioning, for a name the owner already has in another case', async () => {
      await seedRepo(s, { kind: 'user', ...alice }, 'tools');
      let called = false;
      const outcome = await s.repos.createRepo(newRepo(alice, 'TOOLS'), async () => {
        called = true;
      });
      expect(outcome).toBe('exists');
      expect(called).toBe(false);
    });

    it('allows the same repository name under another owner', async () => {
      const bob = await seedUser(s, 'bob');
      await seedRepo(s, { kind: 'user', ...alice }, 'tools');
      expect(await s.repos.createRepo(newRepo(bob, 'tools'), async () => {})).toMatchObject({
        ownerName: 'bob',
      });
    });

    it('rolls the row back when provisioning fails, and the name stays free', async () => {
      const failure = new Error('git init failed');
      await expect(
        s.repos.createRepo(newRepo(alice, 'tools'), async () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await s.repos.getRepoByPath('Alice', 'tools')).toBeUndefined();
      expect(await s.repos.createRepo(newRepo(alice, 'tools'), async () => {})).toMatchObject({
        name: 'tools',
      });
    });

    it('provisions exactly once when creators of one name race', async () => {
      let provisions = 0;
      const outcomes = await Promise.all(
        ['race', 'RACE', 'Race'].map((n) =>
          s.repos.createRepo(newRepo(alice, n), async () => {
            provisions += 1;
          }),
        ),
      );
      expect(outcomes.filter((o) => o !== 'exists')).toHaveLength(1);
      expect(provisions).toBe(1);
    });

    it('lists repositories by id in pages after a cursor', async () => {
      const bob = await seedUser(s, 'bob');
      const a = await seedRepo(s, { kind: 'user', ...alice }, 'a');
      const b = await seedRepo(s, { kind: 'user', ...bob }, 'b');
      const c = await seedRepo(s, { kind: 'user', ...alice }, 'c');
      expect(await s.repos.listRepos(0, 2)).toEqual([a, b]);
      expect(await s.repos.listRepos(b.id, 2)).toEqual([c]);
      expect(await s.repos.listRepos(c.id, 2)).toEqual([]);
      expect(await s.repos.listRepos(0, 0)).toEqual([]);
    });

    it('grants, then replaces, a collaborator role and keeps the first grant time', async () => {
      const bob = await seedUser(s, 'bob');
      const carol = await seedUser(s, 'carol');
      const repo = await seedRepo(s, { kind: 'user', ...alice }, 'tools');
      await s.repos.upsertCollaborator({ repoId: repo.id, userId: carol.id, role: 'read', createdAt: AT });
      await s.repos.upsertCollaborator({ repoId: repo.id, userId: bob.id, role: 'read', createdAt: AT });
      const replaced = await s.repos.upsertCollaborator({
        repoId: repo.id,
        userId: bob.id,
        role: 'admin',
        createdAt: LATER,
      });
      expect(replaced).toEqual({ repoId: repo.id, userId: bob.id, role: 'admin', createdAt: AT });
      expect(await s.repos.getCollaboratorRole(repo.id, bob.id)).toBe('admin');
      expect(await s.repos.getCollaboratorRole(repo.id, alice.id)).toBeUndefined();
      expect((await s.repos.listCollaborators(repo.id)).map((c) => [c.userId, c.role])).toEqual([
        [bob.id, 'admin'],
        [carol.id, 'read'],
      ]);
    });

    it('domain: bad repository input changes nothing', async () => {
      const gitRepos = new FakeGitRepositories();
      const deps = { ...s, gitRepos, clock: new FakeClock() };
      await expect(createRepo(deps, { ownerName: 'alice', name: 'x.git' })).rejects.toMatchObject({
        code: 'repo.name_invalid',
      });
      await expect(createRepo(deps, { ownerName: 'ghost', name: 'x' })).rejects.toMatchObject({
        code: 'owner.not_found',
      });
      gitRepos.failNextCreate = true;
      await expect(createRepo(deps, { ownerName: 'alice', name: 'x' })).rejects.toThrow('git init failed');
      expect(await s.repos.getRepoByPath('alice', 'x')).toBeUndefined();
      const repo = await createRepo(deps, { ownerName: 'alice', name: 'x' });
      await expect(
        addCollaborator(deps, { repoPath: 'alice/x', userName: 'alice', role: 'owner' }),
      ).rejects.toMatchObject({
        code: 'collaborator.role_invalid',
      });
      expect(await s.repos.listCollaborators(repo.id)).toEqual([]);
    });
  });
}
