import { describe, expect, it } from 'vitest';
import { authenticateRunner } from '../../../src/domain/runners/authenticate-runner.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../../src/domain/runners/revoke-runner.js';
import { makeRunnerWorld } from '../../support/runner-world.js';

const HOUR = 3_600_000;
const required = { kind: 'unauthenticated', code: 'runner.token_required', message: 'runner token required' };
const invalidToken = {
  kind: 'unauthenticated',
  code: 'runner.token_invalid',
  message: 'runner token invalid',
};

async function registered(expiresInMs?: number) {
  const w = makeRunnerWorld();
  const issued = await registerRunner(w.deps, { name: 'build-1', expiresInMs });
  return { ...w, ...issued };
}

describe('authenticateRunner', () => {
  it('returns the runner for its bearer token, with surrounding white space ignored', async () => {
    const w = await registered();
    expect((await authenticateRunner(w.deps, `Bearer ${w.token}`)).name).toBe('build-1');
    expect((await authenticateRunner(w.deps, `Bearer  ${w.token.toUpperCase()} `)).name).toBe('build-1');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['a lower-case scheme', 'bearer 00'],
    ['the bare token', '0'.repeat(64)],
  ])('asks for a token when given %s', async (_name, header) => {
    const w = await registered();
    await expect(authenticateRunner(w.deps, header)).rejects.toMatchObject(required);
  });

  it.each([
    ['a malformed token', 'Bearer not-hex'],
    ['a short token', `Bearer ${'a'.repeat(62)}`],
    ['an unknown token', `Bearer ${'f'.repeat(64)}`],
    ['an empty token', 'Bearer '],
  ])('refuses %s as invalid', async (_name, header) => {
    const w = await registered();
    await expect(authenticateRunner(w.deps, header)).rejects.toMatchObject(invalidToken);
  });

  it('accepts an expiring token until its expiry instant and refuses it from then on', async () => {
    const w = await registered(2 * HOUR);
    w.clock.advance(2 * HOUR - 1);
    expect((await authenticateRunner(w.deps, `Bearer ${w.token}`)).name).toBe('build-1');
    w.clock.advance(1);
    await expect(authenticateRunner(w.deps, `Bearer ${w.token}`)).rejects.toMatchObject(invalidToken);
  });

  it('keeps a token without expiry valid years later', async () => {
    const w = await registered();
    w.clock.advance(5 * 365 * 24 * HOUR);
    expect((await authenticateRunner(w.deps, `Bearer ${w.token}`)).name).toBe('build-1');
  });

  it('refuses the token of a revoked runner', async () => {
    const w = await registered();
    await revokeRunner(w.deps, { id: w.runner.id });
    await expect(authenticateRunner(w.deps, `Bearer ${w.token}`)).rejects.toMatchObject(invalidToken);
  });

  it('refuses a revoked token even if its runner was not revoked', async () => {
    const w = await registered();
    for (const token of w.state.tables.runnerTokens.values()) token.revokedAt = w.clock.now();
    await expect(authenticateRunner(w.deps, `Bearer ${w.token}`)).rejects.toMatchObject(invalidToken);
  });
});
