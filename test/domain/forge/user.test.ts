import { beforeEach, describe, expect, it } from 'vitest';
import { createOrganization, getOrganizationByName } from '../../../src/domain/forge/organization.js';
import { createUser, getUserByName, verifyUserPassword } from '../../../src/domain/forge/user.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

describe('users and organisations', () => {
  let w: ForgeWorld;
  beforeEach(() => {
    w = makeForgeWorld();
  });

  it('creates a user with the clock’s time, not an admin unless asked', async () => {
    const user = await createUser(w, { name: 'alice' });
    expect(user).toEqual({
      id: 1,
      name: 'alice',
      passwordHash: null,
      isAdmin: false,
      createdAt: w.clock.now(),
    });
    expect((await createUser(w, { name: 'root', isAdmin: true })).isAdmin).toBe(true);
  });

  it.each([
    ['a 39-character name', 'a'.repeat(39)],
    ['digits, dash and underscore', '0-x_y'],
    ['a single character', 'Z'],
  ])('accepts %s', async (_case, name) => {
    await expect(createUser(w, { name })).resolves.toMatchObject({ name });
  });

  it.each([
    ['an empty name', '', /is invalid/],
    ['a 40-character name', 'a'.repeat(40), /is invalid/],
    ['a leading dash', '-alice', /is invalid/],
    ['a leading underscore', '_alice', /is invalid/],
    ['a dot', 'al.ice', /is invalid/],
    ['a slash', 'al/ice', /is invalid/],
    ['a space', 'al ice', /is invalid/],
    ['a reserved route name', 'API', /is reserved/],
  ])('rejects %s with user.name_invalid and stores nothing', async (_case, name, message) => {
    await expect(createUser(w, { name })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'user.name_invalid',
      message: expect.stringMatching(message),
    });
    expect(w.state.tables.users.size).toBe(0);
  });

  it('rejects a password under 8 characters and stores nothing', async () => {
    await expect(createUser(w, { name: 'alice', password: '1234567' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'user.password_invalid',
      message: 'password must be at least 8 characters',
    });
    expect(w.state.tables.users.size).toBe(0);
  });

  it('stores only the hash of a password and signs the user in with it', async () => {
    const user = await createUser(w, { name: 'alice', password: 'correct horse' });
    expect(user.passwordHash).toBe(await w.passwordHasher.hash('correct horse'));
    await expect(verifyUserPassword(w, { name: 'ALICE', password: 'correct horse' })).resolves.toEqual(user);
  });

  it.each([
    ['a wrong password', 'alice', 'wrong horse'],
    ['an unknown user', 'nobody', 'correct horse'],
    ['a user without a password', 'bob', 'correct horse'],
  ])('refuses sign-in for %s with one undistinguishable error', async (_case, name, password) => {
    await createUser(w, { name: 'alice', password: 'correct horse' });
    await createUser(w, { name: 'bob' });
    await expect(verifyUserPassword(w, { name, password })).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'user.bad_credentials',
      message: 'invalid user name or password',
    });
  });

  it('refuses a user name an organisation holds in another case, and the reverse', async () => {
    await createOrganization(w, { name: 'Acme' });
    await createUser(w, { name: 'alice' });
    await expect(createUser(w, { name: 'acme' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'user.name_taken',
      message: 'name "acme" is already taken',
    });
    await expect(createOrganization(w, { name: 'ALICE' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'org.name_taken',
    });
  });

  it('finds users and organisations by name in any case, and says which is missing', async () => {
    await createUser(w, { name: 'alice' });
    await createOrganization(w, { name: 'Acme' });
    expect((await getUserByName(w, 'ALICE')).name).toBe('alice');
    expect((await getOrganizationByName(w, 'acme')).name).toBe('Acme');
    await expect(getUserByName(w, 'bob')).rejects.toMatchObject({
      kind: 'not_found',
      code: 'user.not_found',
      message: 'user "bob" not found',
    });
    await expect(getOrganizationByName(w, 'alice')).rejects.toMatchObject({ code: 'org.not_found' });
  });
});
