import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setUserPassword } from '../../src/domain/sessions/set-password.js';
import {
  authenticateSession,
  signIn,
  signOut,
  sweepEndedSessions,
} from '../../src/domain/sessions/sign-in.js';
import type { User } from '../../src/ports/model/forge.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedUser } from '../support/forge-stores.js';
import { FakePasswordHasher } from '../support/forge-world.js';
import { SeqRandom } from '../support/seq-random.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
const DAY = 86_400_000;
const hash = (byte: number) => new Uint8Array(32).fill(byte);

/** The SessionStore contract: lookup by hash, idempotent revocation, sweeping, and sign-in end to end. */
export function describeSessionStoreContract(name: string, backend: ForgeBackend): void {
  describe(`SessionStore contract on ${name}`, () => {
    let s: ForgeStores;
    let alice: User;
    let bob: User;
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      alice = await seedUser(s, 'alice');
      bob = await seedUser(s, 'bob');
    });
    afterAll(() => backend.teardown());

    const open = (byte: number, userId = alice.id, expiresAt = new Date(AT.getTime() + DAY)) =>
      s.sessions.createSession({ userId, tokenHash: hash(byte), createdAt: AT, expiresAt });

    it('stores a session and finds it by its token hash only', async () => {
      const session = await open(1);
      expect(session).toEqual({
        id: expect.any(Number),
        userId: alice.id,
        tokenHash: hash(1),
        createdAt: AT,
        expiresAt: new Date(AT.getTime() + DAY),
        revokedAt: null,
      });
      expect(await s.sessions.findSessionByHash(hash(1))).toEqual(session);
      expect(await s.sessions.findSessionByHash(hash(2))).toBeUndefined();
    });

    it('refuses a second session with the same token hash', async () => {
      await open(1);
      await expect(open(1, bob.id)).rejects.toThrow();
    });

    it('revokes once: a second revocation keeps the first time and answers false', async () => {
      const session = await open(1);
      expect(await s.sessions.revokeSession(session.id, AT)).toBe(true);
      expect(await s.sessions.revokeSession(session.id, new Date(AT.getTime() + 5))).toBe(false);
      expect((await s.sessions.findSessionByHash(hash(1)))?.revokedAt).toEqual(AT);
      expect(await s.sessions.revokeSession(9999, AT)).toBe(false);
    });

    it("revokes every live session of one user and leaves other users' alone", async () => {
      await open(1);
      await open(2);
      const done = await open(3);
      await s.sessions.revokeSession(done.id, AT);
      await open(4, bob.id);
      const later = new Date(AT.getTime() + 1000);
      expect(await s.sessions.revokeUserSessions(alice.id, later)).toBe(2);
      expect((await s.sessions.findSessionByHash(hash(1)))?.revokedAt).toEqual(later);
      expect((await s.sessions.findSessionByHash(hash(3)))?.revokedAt).toEqual(AT);
      expect((await s.sessions.findSessionByHash(hash(4)))?.revokedAt).toBeNull();
    });

    it('deletes only sessions that expired or were revoked before the cut-off', async () => {
      await open(1, alice.id, new Date(AT.getTime() - 1));
      const revoked = await open(2);
      await s.sessions.revokeSession(revoked.id, new Date(AT.getTime() - 1));
      await open(3);
      const lateRevoked = await open(4);
      await s.sessions.revokeSession(lateRevoked.id, new Date(AT.getTime() + 1));
      expect(await s.sessions.deleteEndedSessions(AT)).toBe(2);
      expect(await s.sessions.findSessionByHash(hash(1))).toBeUndefined();
      expect(await s.sessions.findSessionByHash(hash(2))).toBeUndefined();
      expect(await s.sessions.findSessionByHash(hash(3))).toBeDefined();
      expect(await s.sessions.findSessionByHash(hash(4))).toBeDefined();
    });

    it('domain: signs in, recognises the cookie until sign-out, a new password or expiry', async () => {
      const clock = new FakeClock(AT);
      const deps = { ...s, clock, random: new SeqRandom(), passwordHasher: new FakePasswordHasher() };
      await setUserPassword(deps, { name: 'alice', password: 'first password' });
      const first = await signIn(deps, { name: 'alice', password: 'first password' });
      expect((await authenticateSession(deps, first.token))?.user.id).toBe(alice.id);
      await signOut(deps, first.session);
      expect(await authenticateSession(deps, first.token)).toBeNull();

      const second = await signIn(deps, { name: 'alice', password: 'first password', ttlMs: DAY });
      const { sessionsRevoked } = await setUserPassword(deps, { name: 'alice', password: 'second password' });
      expect(sessionsRevoked).toBe(1);
      expect(await authenticateSession(deps, second.token)).toBeNull();

      const third = await signIn(deps, { name: 'alice', password: 'second password', ttlMs: DAY });
      clock.advance(DAY - 1);
      expect(await authenticateSession(deps, third.token)).not.toBeNull();
      clock.advance(1);
      expect(await authenticateSession(deps, third.token)).toBeNull();
      expect(await sweepEndedSessions(deps, { graceMs: 0 })).toBe(2);
    });
  });
}
