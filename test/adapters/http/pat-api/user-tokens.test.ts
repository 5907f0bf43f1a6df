/**
 * `DELETE /api/v1/user/tokens/{id}` (issue #12): a user revokes one of their own personal
 * access tokens — any scope may, the presenting token itself included — and the token stops
 * working at once; another user's token is a 404 like a missing one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessToken, listAccessTokens } from '../../../../src/domain/tokens/personal-access-token.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

describe('PAT API: DELETE /api/v1/user/tokens/{id}', () => {
  let w: PatWorld;
  let token: string;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada', ['repo:read']));
  });

  const idsOf = async (user: string) => (await listAccessTokens(w.deps, { userName: user })).map((t) => t.id);
  const revoke = (id: number | string, as = token) =>
    w.call('DELETE', `/api/v1/user/tokens/${id}`, { token: as });
  const works = async (as: string) =>
    (await w.call('GET', '/api/v1/repos/ada/x/actions/runs', { token: as })).status !== 401;

  it('revokes another of the caller’s tokens with 204, and that token is refused from then on', async () => {
    const other = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:write', 'admin'] });
    expect(await works(other.token)).toBe(true);
    const res = await revoke(other.pat.id);
    expect(res.status).toBe(204);
    expect(await works(other.token)).toBe(false);
    expect(await works(token)).toBe(true);
    expect((await revoke(other.pat.id)).status).toBe(204);
  });

  it('lets a token revoke itself', async () => {
    const [own] = await idsOf('ada');
    expect((await revoke(own!)).status).toBe(204);
    expect((await revoke(own!)).status).toBe(401);
  });

  it('answers 404 for another user’s token and for a missing one, and revokes neither', async () => {
    const { token: bobs } = await w.userWithToken('bob');
    const [bobId] = await idsOf('bob');
    for (const id of [bobId!, 999, 2 ** 53, '9223372036854775808', 'x']) {
      const res = await revoke(id);
      expect(res.status, String(id)).toBe(404);
      expect(res.json).toEqual({ error: 'access token not found', code: 'token.not_found' });
    }
    expect(await works(bobs)).toBe(true);
  });

  it('answers 401 without a token', async () => {
    expect((await w.call('DELETE', '/api/v1/user/tokens/1', { token: null })).status).toBe(401);
  });
});
