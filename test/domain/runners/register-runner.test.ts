import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNNER_LABELS } from '../../../src/domain/runners/labels.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import {
  hashRegistrationToken,
  parseRegistrationToken,
} from '../../../src/domain/tokens/registration-token.js';
import { makeRunnerWorld } from '../../support/runner-world.js';

const HOUR = 3_600_000;

describe('registerRunner', () => {
  it('registers an offline runner with the default labels and capacity 1', async () => {
    const w = makeRunnerWorld();
    const { runner, token, tokenExpiresAt } = await registerRunner(w.deps, { name: 'build-1' });
    expect(runner).toMatchObject({ id: 1, name: 'build-1', labels: [...DEFAULT_RUNNER_LABELS], capacity: 1 });
    expect(runner).toMatchObject({ status: 'offline', lastHeartbeatAt: null, createdAt: w.clock.now() });
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenExpiresAt).toBeNull();
  });

  it('stores only the hash of the token it shows', async () => {
    const w = makeRunnerWorld();
    const { token } = await registerRunner(w.deps, { name: 'build-1' });
    const [stored] = [...w.state.tables.runnerTokens.values()];
    expect(stored?.tokenHash).toEqual(hashRegistrationToken(parseRegistrationToken(token)));
    expect(JSON.stringify([...w.state.tables.runnerTokens.values()])).not.toContain(token);
  });

  it('keeps the given labels, capacity and registering user', async () => {
    const w = makeRunnerWorld();
    const { runner } = await registerRunner(w.deps, {
      name: 'gpu_box',
      labels: [' gpu', 'linux', 'gpu'],
      capacity: 64,
      registeredByUserId: 7,
    });
    expect(runner).toMatchObject({ labels: ['gpu', 'linux'], capacity: 64, registeredByUserId: 7 });
  });

  it.each([
    ['one hour', HOUR, '2026-01-01T01:00:00.000Z'],
    ['one day', 24 * HOUR, '2026-01-02T00:00:00.000Z'],
    ['one millisecond', 1, '2026-01-01T00:00:00.001Z'],
  ])('sets the token to expire after %s on the clock', async (_name, expiresInMs, expected) => {
    const w = makeRunnerWorld();
    const { tokenExpiresAt } = await registerRunner(w.deps, { name: 'r', expiresInMs });
    expect(tokenExpiresAt?.toISOString()).toBe(expected);
    expect([...w.state.tables.runnerTokens.values()][0]?.expiresAt?.toISOString()).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['a space', 'build 1'],
    ['a dot', 'build.1'],
    ['a slash', 'a/b'],
    ['101 characters', 'r'.repeat(101)],
  ])('rejects a name with %s and stores nothing', async (_name, name) => {
    const w = makeRunnerWorld();
    await expect(registerRunner(w.deps, { name })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.name_invalid',
    });
    expect(w.state.tables.runners.size).toBe(0);
    expect(w.state.tables.runnerTokens.size).toBe(0);
  });

  it('accepts a name of exactly 100 characters', async () => {
    const w = makeRunnerWorld();
    const { runner } = await registerRunner(w.deps, { name: 'R'.repeat(100) });
    expect(runner.name).toHaveLength(100);
  });

  it.each([
    ['0', 0],
    ['65', 65],
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
  ])('rejects capacity %s', async (_name, capacity) => {
    const w = makeRunnerWorld();
    await expect(registerRunner(w.deps, { name: 'r', capacity })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.capacity_invalid',
      message: 'capacity must be between 1 and 64',
    });
    expect(w.state.tables.runners.size).toBe(0);
  });

  it.each([
    ['zero', 0],
    ['negative', -HOUR],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('rejects a %s token expiry', async (_name, expiresInMs) => {
    const w = makeRunnerWorld();
    await expect(registerRunner(w.deps, { name: 'r', expiresInMs })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.expiry_invalid',
    });
    expect(w.state.tables.runners.size).toBe(0);
  });

  it('rejects an invalid label and stores nothing', async () => {
    const w = makeRunnerWorld();
    await expect(registerRunner(w.deps, { name: 'r', labels: ['ubuntu latest'] })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.label_invalid',
      message: 'label "ubuntu latest" must match ^[A-Za-z0-9_.-]+$',
    });
    expect(w.state.tables.runners.size).toBe(0);
  });

  it('refuses a name already registered and leaves the first runner and its token alone', async () => {
    const w = makeRunnerWorld();
    await registerRunner(w.deps, { name: 'x' });
    const before = structuredClone(w.state.tables);
    await expect(registerRunner(w.deps, { name: 'x', capacity: 3 })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'runner.name_taken',
      message: 'runner name "x" is already registered',
    });
    expect(w.state.tables.runners).toEqual(before.runners);
    expect(w.state.tables.runnerTokens).toEqual(before.runnerTokens);
  });
});
