import { describe, expect, it } from 'vitest';
import { cleanupStaleRunners } from '../../../src/domain/runners/cleanup-stale-runners.js';
import { getRunner } from '../../../src/domain/runners/get-runner.js';
import { isRunnerOnline } from '../../../src/domain/runners/is-runner-online.js';
import { listRunners } from '../../../src/domain/runners/list-runners.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../../src/domain/runners/revoke-runner.js';
import type { Runner } from '../../../src/ports/model/runner.js';
import { makeRunnerWorld } from '../../support/runner-world.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('listRunners', () => {
  it('orders by name and adds running-job counts and heartbeat ages from the clock', async () => {
    const w = makeRunnerWorld();
    const b = await registerRunner(w.deps, { name: 'beta' });
    const a = await registerRunner(w.deps, { name: 'alpha' });
    await w.heartbeat(b.runner.id, 'busy');
    await w.addJob(b.runner.id, 'running');
    await w.addJob(b.runner.id, 'completed');
    await w.addJob(a.runner.id, 'queued');
    w.clock.advance(90 * SECOND + 999);
    const rows = await listRunners(w.deps);
    expect(rows.map((r) => [r.name, r.activeJobCount, r.lastHeartbeatAgeSeconds])).toEqual([
      ['alpha', 0, null],
      ['beta', 1, 90],
    ]);
    expect(rows[1]).toMatchObject({ status: 'busy', capacity: 1, labels: b.runner.labels });
  });

  it('is empty for an empty pool', async () => {
    expect(await listRunners(makeRunnerWorld().deps)).toEqual([]);
  });
});

describe('cleanupStaleRunners', () => {
  it('marks offline the runners silent longer than the cut-off, by name, and leaves jobs alone', async () => {
    const w = makeRunnerWorld();
    const quiet = await registerRunner(w.deps, { name: 'quiet' });
    const chatty = await registerRunner(w.deps, { name: 'chatty' });
    const gone = await registerRunner(w.deps, { name: 'gone' });
    for (const r of [quiet, chatty, gone]) await w.heartbeat(r.runner.id, 'busy');
    await w.addJob(quiet.runner.id, 'running');
    await revokeRunner(w.deps, { id: gone.runner.id });
    w.clock.advance(3 * MINUTE);
    await w.heartbeat(chatty.runner.id, 'idle');
    const jobsBefore = structuredClone(w.state.tables.jobs);

    const marked = await cleanupStaleRunners(w.deps, { olderThanMs: 2 * MINUTE });
    expect(marked.map((r) => [r.name, r.status])).toEqual([['quiet', 'offline']]);
    expect((await getRunner(w.deps, chatty.runner.id)).status).toBe('idle');
    expect(w.state.tables.jobs).toEqual(jobsBefore);
  });

  it('counts a never-heard runner that is not offline as stale', async () => {
    const w = makeRunnerWorld();
    const r = await registerRunner(w.deps, { name: 'odd' });
    await w.state.transaction((t) => {
      const row = t.runners.get(r.runner.id);
      if (row) row.status = 'idle';
    });
    expect((await cleanupStaleRunners(w.deps, { olderThanMs: MINUTE })).map((x) => x.name)).toEqual(['odd']);
  });

  it.each([
    ['zero', 0],
    ['negative', -MINUTE],
    ['NaN', Number.NaN],
  ])('rejects a %s cut-off', async (_n, olderThanMs) => {
    const w = makeRunnerWorld();
    await expect(cleanupStaleRunners(w.deps, { olderThanMs })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'runner.older_than_invalid',
    });
  });
});

describe('isRunnerOnline', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  const base: Pick<Runner, 'revokedAt' | 'status' | 'lastHeartbeatAt'> = {
    revokedAt: null,
    status: 'idle',
    lastHeartbeatAt: new Date(now.getTime() - 60 * SECOND),
  };

  it.each([
    ['idle and heard 60 s ago', base, true],
    ['busy and heard just now', { ...base, status: 'busy', lastHeartbeatAt: now }, true],
    ['heard 60.001 s ago', { ...base, lastHeartbeatAt: new Date(now.getTime() - 60 * SECOND - 1) }, false],
    ['marked offline', { ...base, status: 'offline' }, false],
    ['revoked', { ...base, revokedAt: now }, false],
    ['never heard from', { ...base, lastHeartbeatAt: null }, false],
  ] as const)('%s → %s', (_name, runner, expected) => {
    expect(isRunnerOnline(runner, now, 60 * SECOND)).toBe(expected);
  });
});
