/**
 * `shithubd admin token list|revoke` (issue #12): an operator lists a user's personal access
 * tokens — ids, names, scopes and dates, never a token or its hash — and revokes one by id;
 * the token is refused from then on, and revoking again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { DirectAdminApi } from '../../src/apps/shithubd/admin/direct-admin-api.js';
import { authenticateAccessToken } from '../../src/domain/tokens/personal-access-token.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

describe('admin token list and revoke', () => {
  it('lists a user’s tokens without secrets and revokes one by id, idempotently', async () => {
    const deps = makeMemoryDeps();
    const admin = new DirectAdminApi(deps);
    await admin.call('user.create', { name: 'ada' });
    const first = await admin.call('token.create', { user: 'ada', scopes: 'repo:read', name: 'ci' });
    const second = await admin.call('token.create', { user: 'ada', scopes: 'repo:write' });
    const listed = await admin.call('token.list', { user: 'ada' });
    expect(listed.map((t) => [t.id, t.name, t.scopes, t.revoked_at])).toEqual([
      [first.id, 'ci', ['repo:read'], null],
      [second.id, '', ['repo:write'], null],
    ]);
    expect(JSON.stringify(listed)).not.toContain(first.token.slice(4));
    expect(Object.keys(listed[0]!).sort()).toEqual(
      ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'revoked_at', 'scopes', 'user_id'].sort(),
    );

    const revoked = await admin.call('token.revoke', { id: String(first.id) });
    expect(revoked).toMatchObject({ id: first.id, revoked_at: deps.clock.now().toISOString() });
    await expect(authenticateAccessToken(deps, first.token)).rejects.toMatchObject({ code: 'token.invalid' });
    await expect(authenticateAccessToken(deps, second.token)).resolves.toBeDefined();
    deps.clock.advance(60_000);
    expect((await admin.call('token.revoke', { id: first.id })).revoked_at).toBe(revoked.revoked_at);
    await expect(admin.call('token.revoke', { id: 999 })).rejects.toMatchObject({ code: 'token.not_found' });
    await expect(admin.call('token.list', { user: 'nobody' })).rejects.toMatchObject({
      code: 'user.not_found',
    });
  });
});
