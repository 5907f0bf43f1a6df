import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/domain/forge/user.js';
import {
  authenticateAccessToken,
  createAccessToken,
  hasScope,
  listAccessTokens,
  revokeAccessToken,
} from '../../../src/domain/tokens/personal-access-token.js';
import type { PatScope } from '../../../src/ports/model/forge.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

const HOUR = 3_600_000;

describe('personal access tokens', () => {
  let w: ForgeWorld;
  beforeEach(async () => {
    w = makeForgeWorld();
    await createUser(w, { name: 'alice' });
  });

  it('mints shp_ + 64 hex, shown once, stored as SHA-256 of the token text', async () => {
    const { token, pat } = await createAccessToken(w, {
      userName: 'ALICE',
      scopes: ['repo:write', 'repo:read'],
    });
    expect(token).toMatch(/^shp_[0-9a-f]{64}$/);
    expect(Buffer.from(pat.tokenHash).toString('hex')).toBe(createHash('sha256').update(token).digest('hex'));
    expect(pat).toMatchObject({ userId: 1, name: '', scopes: ['repo:read', 'repo:write'], expiresAt: null });
    expect(JSON.stringify([...w.state.tables.pats.values()])).not.toContain(token.slice(4));
  });

  it('sets the expiry from the clock', async () => {
    const { pat } = await createAccessToken(w, {
      userName: 'alice',
      scopes: ['admin'],
      expiresInMs: HOUR,
      name: 'ci',
    });
    expect(pat.expiresAt).toEqual(new Date(w.clock.now().getTime() + HOUR));
    expect(pat.name).toBe('ci');
  });

  it.each([
    ['an empty scope list', { scopes: [] }, 'token.scope_invalid', 'at least one scope is required'],
    [
      'an unknown scope',
      { scopes: ['repo:read', 'repo:delete'] },
      'token.scope_invalid',
      'scope "repo:delete" is invalid: use repo:read, repo:write, admin',
    ],
    ['a zero lifetime', { expiresInMs: 0 }, 'token.expiry_invalid', expect.any(String)],
    ['a fractional lifetime', { expiresInMs: 1.5 }, 'token.expiry_invalid', expect.any(String)],
    ['a long name', { name: 'n'.repeat(101) }, 'token.name_invalid', expect.any(String)],
  ])('rejects %s and stores nothing', async (_case, override, code, message) => {
    await expect(
      createAccessToken(w, { userName: 'alice', scopes: ['admin'], ...override }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code,
      message,
    });
    expect(w.state.tables.pats.size).toBe(0);
  });

  it('refuses an unknown user', async () => {
    await expect(createAccessToken(w, { userName: 'ghost', scopes: ['admin'] })).rejects.toMatchObject({
      code: 'user.not_found',
    });
  });

  it.each([
    ['a Bearer header', (t: string) => `Bearer ${t}`],
    ['a lower-case bearer header', (t: string) => `bearer  ${t}`],
    ['the bare token (Basic auth password)', (t: string) => t],
  ])('authenticates %s', async (_case, present) => {
    const { token, pat } = await createAccessToken(w, { userName: 'alice', scopes: ['repo:read'] });
    const auth = await authenticateAccessToken(w, present(token));
    expect(auth.user.name).toBe('alice');
    expect(auth.pat.id).toBe(pat.id);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic abc'],
    ['a malformed token', 'Bearer shp_XYZ'],
    ['an unknown well-formed token', `Bearer shp_${'0'.repeat(64)}`],
  ])('refuses %s with token.invalid', async (_case, header) => {
    await expect(authenticateAccessToken(w, header)).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'token.invalid',
      message: 'invalid access token',
    });
  });

  it('refuses a token from the instant it expires', async () => {
    const { token } = await createAccessToken(w, { userName: 'alice', scopes: ['admin'], expiresInMs: HOUR });
    w.clock.advance(HOUR - 1);
    await expect(authenticateAccessToken(w, token)).resolves.toBeDefined();
    w.clock.advance(1);
    await expect(authenticateAccessToken(w, token)).rejects.toMatchObject({ code: 'token.invalid' });
  });

  it('refuses a revoked token; revoking twice is harmless and unknown ids are not found', async () => {
    const { token, pat } = await createAccessToken(w, { userName: 'alice', scopes: ['admin'] });
    await revokeAccessToken(w, { id: pat.id });
    w.clock.advance(HOUR);
    expect((await revokeAccessToken(w, { id: pat.id })).revokedAt).toEqual(
      new Date(w.clock.now().getTime() - HOUR),
    );
    await expect(authenticateAccessToken(w, token)).rejects.toMatchObject({ code: 'token.invalid' });
    await expect(revokeAccessToken(w, { id: 99 })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'token.not_found',
    });
  });

  it('records the last use at most once a minute', async () => {
    const { token, pat } = await createAccessToken(w, { userName: 'alice', scopes: ['admin'] });
    const start = w.clock.now();
    await authenticateAccessToken(w, token);
    w.clock.advance(59_999);
    await authenticateAccessToken(w, token);
    expect(w.state.tables.pats.get(pat.id)?.lastUsedAt).toEqual(start);
    w.clock.advance(1);
    await authenticateAccessToken(w, token);
    expect(w.state.tables.pats.get(pat.id)?.lastUsedAt).toEqual(w.clock.now());
  });

  it('lists a user’s tokens oldest first', async () => {
    await createAccessToken(w, { userName: 'alice', scopes: ['admin'], name: 'a' });
    await createAccessToken(w, { userName: 'alice', scopes: ['admin'], name: 'b' });
    expect((await listAccessTokens(w, { userName: 'alice' })).map((p) => p.name)).toEqual(['a', 'b']);
  });

  it.each<[PatScope[], PatScope, boolean]>([
    [['repo:read'], 'repo:read', true],
    [['repo:read'], 'repo:write', false],
    [['repo:read'], 'admin', false],
    [['repo:write'], 'repo:read', true],
    [['repo:write'], 'repo:write', true],
    [['repo:write'], 'admin', false],
    [['admin'], 'repo:read', true],
    [['admin'], 'repo:write', true],
    [['admin'], 'admin', true],
  ])('a token with %j grants %s: %s', (scopes, scope, expected) => {
    expect(hasScope({ scopes }, scope)).toBe(expected);
  });
});
