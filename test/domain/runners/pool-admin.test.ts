import { describe, expect, it } from 'vitest';
import { authenticateRunner } from '../../../src/domain/runners/authenticate-runner.js';
import { drainRunner, undrainRunner } from '../../../src/domain/runners/drain-runner.js';
import { getRunner } from '../../../src/domain/runners/get-runner.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../src/domain/runners/rotate-registration-token.js';
import { makeRunnerWorld } from '../../support/runner-world.js';

const MINUTE = 60_000;

async function worldWithRunner() {
  const w = makeRunnerWorld();
  const issued = await registerRunner(w.deps, { name: 'build-1' });
  return { ...w, id: issued.runner.id, token: issued.token };
}

describe('getRunner', () => {
  it('answers not_found with the runbook message for an unknown id', async () => {
    const w = makeRunnerWorld();
    await expect(getRunner(w.deps, 7)).rejects.toMatchObject({
      kind: 'not_found',
      code: 'runner.not_found',
      message: 'runner 7 not found',
    });
  });
});

describe('drainRunner / undrainRunner', () => {
  it('drains with the default reason and keeps the first drain time when drained again', async () => {
    const w = await worldWithRunner();
    const first = await drainRunner(w.deps, { id: w.id });
    expect(first).toMatchObject({ drainingAt: w.clock.now(), drainReason: 'operator requested drain' });
    w.clock.advance(MINUTE);
    const again = await drainRunner(w.deps, { id: w.id, reason: '  kernel upgrade ' });
    expect(again).toMatchObject({ drainingAt: first.drainingAt, drainReason: 'kernel upgrade' });
  });

  it('undrains by clearing time and reason', async () => {
    const w = await worldWithRunner();
    await drainRunner(w.deps, { id: w.id });
    expect(await undrainRunner(w.deps, { id: w.id })).toMatchObject({ drainingAt: null, drainReason: null });
  });

  it('accepts a 1000-byte reason and rejects 1001 bytes without changing the runner', async () => {
    const w = await worldWithRunner();
    await drainRunner(w.deps, { id: w.id, reason: 'é'.repeat(500) });
    const before = await getRunner(w.deps, w.id);
    await expect(drainRunner(w.deps, { id: w.id, reason: `${'é'.repeat(500)}x` })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.reason_invalid',
      message: 'reason must be at most 1000 bytes',
    });
    expect(await getRunner(w.deps, w.id)).toEqual(before);
  });

  it('refuses unknown and revoked runners', async () => {
    const w = await worldWithRunner();
    await expect(drainRunner(w.deps, { id: 9 })).rejects.toMatchObject({ code: 'runner.not_found' });
    await revokeRunner(w.deps, { id: w.id });
    const revoked = { kind: 'conflict', code: 'runner.revoked', message: 'runner 1 is revoked' };
    await expect(drainRunner(w.deps, { id: w.id })).rejects.toMatchObject(revoked);
    await expect(undrainRunner(w.deps, { id: w.id })).rejects.toMatchObject(revoked);
  });
});

describe('rotateRegistrationToken', () => {
  it('issues a working token, stops the old one and keeps the runner', async () => {
    const w = await worldWithRunner();
    const rotated = await rotateRegistrationToken(w.deps, { id: w.id, expiresInMs: 30 * MINUTE });
    expect(rotated.token).not.toBe(w.token);
    expect(rotated.runner.id).toBe(w.id);
    expect(rotated.tokenExpiresAt).toEqual(new Date(w.clock.now().getTime() + 30 * MINUTE));
    await expect(authenticateRunner(w.deps, `Bearer ${w.token}`)).rejects.toMatchObject({
      code: 'runner.token_invalid',
    });
    expect((await authenticateRunner(w.deps, `Bearer ${rotated.token}`)).id).toBe(w.id);
  });

  it('refuses a revoked runner and an unknown id, minting nothing', async () => {
    const w = await worldWithRunner();
    await revokeRunner(w.deps, { id: w.id });
    await expect(rotateRegistrationToken(w.deps, { id: w.id })).rejects.toMatchObject({
      code: 'runner.revoked',
    });
    await expect(rotateRegistrationToken(w.deps, { id: 7 })).rejects.toMatchObject({
      code: 'runner.not_found',
      message: 'runner 7 not found',
    });
    expect(w.state.tables.runnerTokens.size).toBe(1);
  });

  it('rejects a non-positive expiry before touching the store', async () => {
    const w = await worldWithRunner();
    await expect(rotateRegistrationToken(w.deps, { id: w.id, expiresInMs: 0 })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.expiry_invalid',
    });
    expect((await authenticateRunner(w.deps, `Bearer ${w.token}`)).id).toBe(w.id);
  });
});

describe('revokeRunner', () => {
  it('revokes with the default reason, drains, goes offline and counts the tokens it revoked', async () => {
    const w = await worldWithRunner();
    await rotateRegistrationToken(w.deps, { id: w.id });
    await w.heartbeat(w.id, 'busy');
    const result = await revokeRunner(w.deps, { id: w.id });
    expect(result.tokensRevoked).toBe(1);
    expect(result.runner).toMatchObject({
      revokedReason: 'operator revoked',
      drainReason: 'operator revoked',
      status: 'offline',
      revokedAt: w.clock.now(),
    });
  });

  it('succeeds again as a no-op that revokes no token and keeps the first reason', async () => {
    const w = await worldWithRunner();
    await revokeRunner(w.deps, { id: w.id, reason: 'leaked' });
    w.clock.advance(MINUTE);
    const again = await revokeRunner(w.deps, { id: w.id, reason: 'other' });
    expect(again.tokensRevoked).toBe(0);
    expect(again.runner).toMatchObject({
      revokedReason: 'leaked',
      revokedAt: new Date(w.clock.now().getTime() - MINUTE),
    });
  });

  it('answers not_found for an unknown id and rejects a reason over 1000 bytes', async () => {
    const w = await worldWithRunner();
    await expect(revokeRunner(w.deps, { id: 7 })).rejects.toMatchObject({ message: 'runner 7 not found' });
    await expect(revokeRunner(w.deps, { id: w.id, reason: 'x'.repeat(1001) })).rejects.toMatchObject({
      code: 'runner.reason_invalid',
    });
    expect((await getRunner(w.deps, w.id)).revokedAt).toBeNull();
  });
});
