import { describe, expect, it } from 'vitest';
import { computePoolGauges } from '../../../src/domain/metrics/pool-gauges.js';
import type { RunnerLoad } from '../../../src/ports/model/queue.js';
import type { Runner } from '../../../src/ports/model/runner.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

function load(name: string, extra: Partial<Runner> = {}, runningJobs = 0): RunnerLoad {
  const runner: Runner = {
    id: 1,
    name,
    labels: ['linux'],
    capacity: 2,
    status: 'idle',
    lastHeartbeatAt: ago(5),
    registeredByUserId: null,
    hostName: '',
    version: '',
    drainingAt: null,
    drainReason: null,
    revokedAt: null,
    revokedReason: null,
    createdAt: ago(3600),
    updatedAt: ago(5),
    ...extra,
  };
  return { runner, runningJobs };
}

describe('pool gauges', () => {
  const gauges = computePoolGauges({
    loads: [
      load('a', {}, 1),
      load('b', { lastHeartbeatAt: ago(300), status: 'busy' }),
      load('c', { drainingAt: ago(10) }),
      load('gone', { revokedAt: ago(1) }),
    ],
    groups: [
      { runsOn: ['windows-latest'], queuedJobs: 2, oldestQueuedAt: ago(60), oldestJobId: 9 },
      { runsOn: [], queuedJobs: 1, oldestQueuedAt: ago(30), oldestJobId: 10 },
    ],
    queuedRuns: 2,
    now: NOW,
    staleAfterMs: 60_000,
  });

  it('counts queued runs and jobs, and jobs by label set', () => {
    expect(gauges.queueDepth).toEqual([
      { labels: { resource: 'runs' }, value: 2 },
      { labels: { resource: 'jobs' }, value: 3 },
    ]);
    expect(gauges.queueDepthByLabels).toEqual([
      { labels: { labels: 'windows-latest' }, value: 2 },
      { labels: { labels: '(none)' }, value: 1 },
    ]);
  });

  it('counts, per queued label set, the runners that would claim it now: online, undrained, labels matching', () => {
    // windows-latest: nobody has it; any labels: only a (b is stale, c draining, gone revoked).
    expect(gauges.queueMatchingRunners).toEqual([
      { labels: { labels: 'windows-latest' }, value: 0 },
      { labels: { labels: '(none)' }, value: 1 },
    ]);
  });

  it('marks fresh runners online, counts stale ones, and leaves revoked runners out', () => {
    expect(gauges.runnerOnline).toEqual([
      { labels: { runner: 'a' }, value: 1 },
      { labels: { runner: 'b' }, value: 0 },
      { labels: { runner: 'c' }, value: 1 },
    ]);
    expect(gauges.runnerStaleTotal).toEqual([{ labels: {}, value: 1 }]);
  });

  it('reports drain, capacity and active jobs per runner', () => {
    expect(gauges.runnerDraining.map((s) => s.value)).toEqual([0, 0, 1]);
    expect(gauges.runnerCapacity.map((s) => s.value)).toEqual([2, 2, 2]);
    expect(gauges.runnerActiveJobs.map((s) => s.value)).toEqual([1, 0, 0]);
  });
});
