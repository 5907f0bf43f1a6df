import { describe, expect, it } from 'vitest';
import {
  type ClaimingRunner,
  decideClaim,
  isAtCapacity,
  type RunnerHeartbeat,
} from '../../../src/domain/runners/decide-claim.js';
import type { ClaimRequest } from '../../../src/ports/model/queue.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const EARLIER = new Date('2024-05-01T11:00:00Z');

const STORED: ClaimingRunner = {
  labels: ['linux'],
  capacity: 2,
  hostName: 'old-host',
  version: 'v1',
  drainingAt: null,
  revokedAt: null,
};
const BARE: ClaimRequest = { runnerId: 1, now: NOW };
const BEAT: Omit<RunnerHeartbeat, 'status'> = {
  labels: ['linux'],
  capacity: 2,
  hostName: 'old-host',
  version: 'v1',
  lastHeartbeatAt: NOW,
};
const idle: RunnerHeartbeat = { ...BEAT, status: 'idle' };
const busy: RunnerHeartbeat = { ...BEAT, status: 'busy' };

describe('decideClaim', () => {
  it.each<[string, Partial<ClaimingRunner>, number, Partial<ClaimRequest>, ReturnType<typeof decideClaim>]>([
    ['stores nothing for a revoked runner', { revokedAt: EARLIER }, 0, {}, { kind: 'revoked' }],
    [
      'stores nothing for a revoked runner that is also draining',
      { revokedAt: EARLIER, drainingAt: EARLIER },
      1,
      {},
      { kind: 'revoked' },
    ],
    [
      'answers draining, idle, to a draining runner with nothing running',
      { drainingAt: EARLIER },
      0,
      {},
      { kind: 'draining', heartbeat: idle },
    ],
    [
      'answers draining, busy, to a draining runner still running a job below capacity',
      { drainingAt: EARLIER },
      1,
      {},
      { kind: 'draining', heartbeat: busy },
    ],
    [
      'answers at_capacity, busy, when the running jobs fill the stored capacity',
      {},
      2,
      {},
      { kind: 'at_capacity', heartbeat: busy },
    ],
    [
      'answers at_capacity when the heartbeat lowers the capacity under the running jobs',
      {},
      2,
      { capacity: 1 },
      { kind: 'at_capacity', heartbeat: { ...busy, capacity: 1 } },
    ],
    [
      'tries to claim, idle either way, with two free slots',
      { capacity: 3 },
      1,
      {},
      {
        kind: 'try_claim',
        heartbeat: { ...idle, capacity: 3 },
        heartbeatWhenTaken: { ...idle, capacity: 3 },
      },
    ],
    [
      'tries to claim, busy only if the job taken fills the last slot',
      {},
      1,
      {},
      { kind: 'try_claim', heartbeat: idle, heartbeatWhenTaken: busy },
    ],
    [
      'tries to claim when the heartbeat raises the capacity above the running jobs',
      {},
      2,
      { capacity: 4 },
      {
        kind: 'try_claim',
        heartbeat: { ...idle, capacity: 4 },
        heartbeatWhenTaken: { ...idle, capacity: 4 },
      },
    ],
  ])('%s', (_name, runner, runningJobs, request, expected) => {
    expect(decideClaim({ ...STORED, ...runner }, runningJobs, { ...BARE, ...request })).toEqual(expected);
  });

  it.each<[string, Partial<ClaimRequest>, Omit<RunnerHeartbeat, 'status'>]>([
    ['keeps every stored field for a bare heartbeat', {}, BEAT],
    [
      'stores the labels, capacity, host name and version the heartbeat gives',
      { labels: ['gpu'], capacity: 3, hostName: 'host-1', version: '1.2.3' },
      { labels: ['gpu'], capacity: 3, hostName: 'host-1', version: '1.2.3', lastHeartbeatAt: NOW },
    ],
    [
      'stores an empty label set as given (normalising it is the caller’s job)',
      { labels: [] },
      { ...BEAT, labels: [] },
    ],
  ])('%s', (_name, request, expected) => {
    const decision = decideClaim(STORED, 0, { ...BARE, ...request });
    if (decision.kind !== 'try_claim') throw new Error(`expected try_claim, got ${decision.kind}`);
    expect(decision.heartbeat).toEqual({ ...expected, status: 'idle' });
  });
});

describe('isAtCapacity', () => {
  it.each([
    ['below capacity', 1, 2, false],
    ['exactly at capacity', 2, 2, true],
    ['above capacity (capacity lowered while jobs run)', 3, 2, true],
    ['a runner of capacity 1 with no job', 0, 1, false],
  ])('%s', (_name, runningJobs, capacity, expected) => {
    expect(isAtCapacity(runningJobs, capacity)).toBe(expected);
  });
});
