import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/domain/forge/organization.js';
import { createUser } from '../../src/domain/forge/user.js';
import { FakeClock } from '../support/fake-clock.js';
import type { ForgeBackend, ForgeStores } from '../support/forge-stores.js';
import { FakePasswordHasher } from '../support/forge-world.js';

const AT = new Date('2026-02-03T04:05:06.000Z');

/** The UserStore contract: one case-insensitive owner namespace for users and organisations. */
export function describeUserStoreContract(name: string, backend: ForgeBackend): void {
  describe(`UserStore contract on ${name}`, () => {
    let s: ForgeStores;
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
    });
    afterAll(() => backend.teardown());

    it('stores a user and finds it by id and by name in any letter case', async () => {
      const created = await s.users.createUser({
        name: 'Alice',
        passwordHash: 'h',
        isAdmin: true,
        createdAt: AT,
      });
      expect(created).toEqual({
        id: expect.any(Number),
        name: 'Alice',
        passwordHash: 'h',
        isAdmin: true,
        createdAt: AT,
      });
      if (created === 'name_taken') throw new Error('unreachable');
      expect(await s.users.getUserByName('aLICE')).toEqual(created);
      expect(await s.users.getUserById(created.id)).toEqual(created);
    });

    it('replaces a password hash and answers undefined for an unknown user', async () => {
      const created = await s.users.createUser({
        name: 'bob',
        passwordHash: null,
        isAdmin: false,
        createdAt: AT,
      });
      if (created === 'name_taken') throw new Error('unreachable');
      expect(await s.users.setPasswordHash(created.id, 'scrypt$new')).toEqual({
        ...created,
        passwordHash: 'scrypt$new',
      });
      expect((await s.users.getUserByName('BOB'))?.passwordHash).toBe('scrypt$new');
      expect(await s.users.setPasswordHash(created.id + 100, 'x')).toBeUndefined();
    });

    it('answers undefined for unknown names and ids', async () => {
      expect(await s.users.getUserByName('nobody')).toBeUndefined();
      expect(await s.users.getUserById(999)).toBeUndefined();
      expect(await s.users.getOrganizationByName('nobody')).toBeUndefined();
      expect(await s.users.getOrganizationById(999)).toBeUndefined();
      expect(await s.users.findOwner('nobody')).toBeUndefined();
    });

    it('refuses a second user whose name differs only in letter case', async () => {
      await s.users.createUser({ name: 'alice', passwordHash: null, isAdmin: false, createdAt: AT });
      expect(
        await s.users.createUser({ name: 'ALICE', passwordHash: null, isAdmin: true, createdAt: AT }),
      ).toBe('name_taken');
      expect(await s.users.getUserByName('alice')).toMatchObject({ name: 'alice', isAdmin: false });
    });

    it('shares the namespace: an organisation cannot take a user name and a user cannot take an org name', async () => {
      await s.users.createUser({ name: 'alice', passwordHash: null, isAdmin: false, createdAt: AT });
      await s.users.createOrganization({ name: 'Acme', createdAt: AT });
      expect(await s.users.createOrganization({ name: 'ALICE', createdAt: AT })).toBe('name_taken');
      expect(
        await s.users.createUser({ name: 'acme', passwordHash: null, isAdmin: false, createdAt: AT }),
      ).toBe('name_taken');
      expect(await s.users.getOrganizationByName('alice')).toBeUndefined();
      expect(await s.users.getUserByName('acme')).toBeUndefined();
    });

    it('tells which kind of owner holds a name', async () => {
      await s.users.createUser({ name: 'alice', passwordHash: null, isAdmin: false, createdAt: AT });
      const org = await s.users.createOrganization({ name: 'Acme', createdAt: AT });
      expect(await s.users.findOwner('ALICE')).toMatchObject({ kind: 'user', user: { name: 'alice' } });
      expect(await s.users.findOwner('acme')).toEqual({ kind: 'org', org });
      if (org === 'name_taken') throw new Error('unreachable');
      expect(await s.users.getOrganizationById(org.id)).toEqual(org);
    });

    it('lets exactly one of many concurrent creators take a name', async () => {
      const outcomes = await Promise.all(
        ['race', 'RACE', 'Race', 'rAce'].map((n, i) =>
          i % 2 === 0
            ? s.users.createUser({ name: n, passwordHash: null, isAdmin: false, createdAt: AT })
            : s.users.createOrganization({ name: n, createdAt: AT }),
        ),
      );
      expect(outcomes.filter((o) => o !== 'name_taken')).toHaveLength(1);
    });

    it('domain: rejects bad names and short passwords and stores nothing', async () => {
      const deps = { users: s.users, passwordHasher: new FakePasswordHasher(), clock: new FakeClock() };
      await expect(createUser(deps, { name: '-bad' })).rejects.toMatchObject({ code: 'user.name_invalid' });
      await expect(createUser(deps, { name: 'bob', password: 'short' })).rejects.toMatchObject({
        code: 'user.password_invalid',
      });
      await expect(createOrganization(deps, { name: 'a'.repeat(40) })).rejects.toMatchObject({
        code: 'org.name_invalid',
      });
      expect(await s.users.findOwner('bob')).toBeUndefined();
    });

    it('domain: stores only a hash of the password', async () => {
      const deps = { users: s.users, passwordHasher: new FakePasswordHasher(), clock: new FakeClock() };
      const user = await createUser(deps, { name: 'carol', password: 'correct horse' });
      expect((await s.users.getUserById(user.id))?.passwordHash).not.toContain('correct horse');
    });
  });
}
