/** Drain and revoke of the whole pool (runbook "Emergency controls"), on the memory world. */
import { describe, expect, it } from 'vitest';
import { authenticateRunner } from '../../../src/domain/runners/authenticate-runner.js';
import { drainRunner } from '../../../src/domain/runners/drain-runner.js';
import { drainAllRunners, revokeAllRunners } from '../../../src/domain/runners/pool-emergency.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../../src/domain/runners/revoke-runner.js';
import { makeRunnerWorld } from '../../support/runner-world.js';

/** r1 idle, r2 draining for maintenance, r3 revoked, r4 idle. */
async function pool() {
  const w = makeRunnerWorld();
  const tokens: string[] = [];
  for (const name of ['r1', 'r2', 'r3', 'r4']) tokens.push((await registerRunner(w.deps, { name })).token);
  await drainRunner(w.deps, { id: 2, reason: 'kernel update' });
  await revokeRunner(w.deps, { id: 3 });
  const states = async () =>
    (await w.deps.runners.listWithLoad()).map(({ runner: r }) => [
      r.name,
      r.drainReason,
      r.revokedAt !== null,
    ]);
  return { ...w, tokens, states };
}

describe('drainAllRunners', () => {
  it('drains every runner neither draining nor revoked, keeping earlier drain reasons', async () => {
    const { deps, states } = await pool();
    const report = await drainAllRunners(deps, { reason: 'incident 42', dryRun: false });
    expect(report.drained.map((r) => r.id)).toEqual([1, 4]);
    expect(report).toMatchObject({ dryRun: false, alreadyDraining: 1, revoked: 1 });
    expect(await states()).toEqual([
      ['r1', 'incident 42', false],
      ['r2', 'kernel update', false],
      ['r3', 'operator revoked', true],
      ['r4', 'incident 42', false],
    ]);
    expect((await drainAllRunners(deps, { dryRun: false })).drained).toEqual([]);
  });

  it('changes nothing on a dry run', async () => {
    const { deps, states } = await pool();
    const before = await states();
    expect((await drainAllRunners(deps, { dryRun: true })).drained.map((r) => r.id)).toEqual([1, 4]);
    expect(await states()).toEqual(before);
  });

  it('refuses an over-long reason before draining anyone', async () => {
    const { deps, states } = await pool();
    const before = await states();
    await expect(drainAllRunners(deps, { reason: 'x'.repeat(1001), dryRun: false })).rejects.toMatchObject({
      code: 'runner.reason_invalid',
    });
    expect(await states()).toEqual(before);
  });
});

describe('revokeAllRunners', () => {
  it('revokes every runner not revoked yet; their tokens stop working', async () => {
    const { deps, tokens } = await pool();
    const report = await revokeAllRunners(deps, { reason: 'pool compromise', dryRun: false });
    expect(report.revoked.map((r) => [r.id, r.revokedReason])).toEqual([
      [1, 'pool compromise'],
      [2, 'pool compromise'],
      [4, 'pool compromise'],
    ]);
    expect(report).toMatchObject({ tokensRevoked: 3, alreadyRevoked: 1 });
    for (const token of tokens) {
      await expect(authenticateRunner(deps, `Bearer ${token}`)).rejects.toMatchObject({
        kind: 'unauthenticated',
      });
    }
  });

  it('changes nothing on a dry run', async () => {
    const { deps, tokens } = await pool();
    const report = await revokeAllRunners(deps, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, tokensRevoked: 0, alreadyRevoked: 1 });
    expect(report.revoked.map((r) => r.id)).toEqual([1, 2, 4]);
    expect((await authenticateRunner(deps, `Bearer ${tokens[0]}`)).name).toBe('r1');
  });
});
