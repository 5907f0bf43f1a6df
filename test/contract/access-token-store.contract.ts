import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authenticateAccessToken,
  createAccessToken,
  hashAccessToken,
  hasScope,
} from '../../src/domain/tokens/personal-access-token.js';
import type { User } from '../../src/ports/model/forge.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedUser } from '../support/forge-stores.js';
import { SeqRandom } from '../support/seq-random.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
const HOUR = 3_600_000;

/** The AccessTokenStore contract: lookup by hash, idempotent revocation, and PAT rules end to end. */
export function describeAccessTokenStoreContract(name: string, backend: ForgeBackend): void {
  describe(`AccessTokenStore contract on ${name}`, () => {
    let s: ForgeStores;
    let alice: User;
    let clock: FakeClock;
    let deps: ForgeStores & { clock: FakeClock; random: SeqRandom };
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      alice = await seedUser(s, 'alice');
      clock = new FakeClock(AT);
      deps = { ...s, clock, random: new SeqRandom() };
    });
    afterAll(() => backend.teardown());

    const insert = (hashByte: number, userId = alice.id) =>
      s.accessTokens.createAccessToken({
        userId,
        name: 'ci',
        tokenHash: new Uint8Array(32).fill(hashByte),
        scopes: ['repo:read', 'admin'],
        expiresAt: new Date(AT.getTime() + HOUR),
        createdAt: AT,
      });

    it('stores a token and finds it by its hash only', async () => {
      const pat = await insert(1);
      expect(pat).toEqual({
        id: expect.any(Number),
        userId: alice.id,
        name: 'ci',
        tokenHash: new Uint8Array(32).fill(1),
        scopes: ['repo:read', 'admin'],
        expiresAt: new Date(AT.getTime() + HOUR),
        revokedAt: null,
        lastUsedAt: null,
        createdAt: AT,
      });
      expect(await s.accessTokens.findByHash(new Uint8Array(32).fill(1))).toEqual(pat);
      expect(await s.accessTokens.findByHash(new Uint8Array(32).fill(2))).toBeUndefined();
    });

    it('revokes once: a second revocation keeps the first time', async () => {
      const pat = await insert(1);
      const first = await s.accessTokens.revokeAccessToken(pat.id, AT);
      const second = await s.accessTokens.revokeAccessToken(pat.id, new Date(AT.getTime() + HOUR));
      expect(first?.revokedAt).toEqual(AT);
      expect(second?.revokedAt).toEqual(AT);
      expect(await s.accessTokens.revokeAccessToken(999, AT)).toBeUndefined();
    });

    it('records the last use and lists a user’s tokens oldest first', async () => {
      const bob = await seedUser(s, 'bob');
      const a = await insert(1);
      await insert(2, bob.id);
      const b = await insert(3);
      await s.accessTokens.touchAccessToken(a.id, AT);
      await s.accessTokens.touchAccessToken(999, AT);
      expect((await s.accessTokens.listForUser(alice.id)).map((p) => [p.id, p.lastUsedAt])).toEqual([
        [a.id, AT],
        [b.id, null],
      ]);
    });

    it('mints a token whose SHA-256 is all that is stored, and authenticates it until it expires', async () => {
      const { token, pat } = await createAccessToken(deps, {
        userName: 'alice',
        scopes: ['repo:write'],
        expiresInMs: HOUR,
      });
      expect(token).toMatch(/^shp_[0-9a-f]{64}$/);
      expect((await s.accessTokens.findByHash(hashAccessToken(token)))?.id).toBe(pat.id);
      const auth = await authenticateAccessToken(deps, `Bearer ${token}`);
      expect(auth.user.name).toBe('alice');
      expect(hasScope(auth.pat, 'repo:read')).toBe(true);
      expect(hasScope(auth.pat, 'admin')).toBe(false);
      clock.advance(HOUR);
      await expect(authenticateAccessToken(deps, token)).rejects.toMatchObject({ code: 'token.invalid' });
    });

    it('stops authenticating a token once it is revoked', async () => {
      const { token, pat } = await createAccessToken(deps, { userName: 'alice', scopes: ['admin'] });
      await s.accessTokens.revokeAccessToken(pat.id, clock.now());
      await expect(authenticateAccessToken(deps, token)).rejects.toMatchObject({
        kind: 'unauthenticated',
        code: 'token.invalid',
        message: 'invalid access token',
      });
    });

    it('stores nothing for a bad scope list', async () => {
      await expect(
        createAccessToken(deps, { userName: 'alice', scopes: ['repo:read', 'root'] }),
      ).rejects.toMatchObject({
        code: 'token.scope_invalid',
      });
      expect(await s.accessTokens.listForUser(alice.id)).toEqual([]);
    });
  });
}
