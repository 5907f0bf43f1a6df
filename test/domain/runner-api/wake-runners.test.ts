import { describe, expect, it } from 'vitest';
import { InProcessWakeBus } from '../../../src/adapters/memory/wake-bus.js';
import {
  notifyJobsEnqueued,
  notifyJobsFinished,
  notifyRunnerChanged,
  reactToWake,
} from '../../../src/domain/runner-api/wake-runners.js';
import type { WakeEvent } from '../../../src/ports/wake-bus.js';

const runner = { id: 7, labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'] };

describe('reactToWake', () => {
  it.each<[string, WakeEvent, ReturnType<typeof reactToWake>]>([
    ['any job wake-up', { kind: 'jobs' }, 'retry'],
    [
      'a job its labels match',
      { kind: 'jobs', runsOn: [['windows-latest'], ['ubuntu-latest', 'x64']] },
      'retry',
    ],
    ['a job for any runner', { kind: 'jobs', runsOn: [[]] }, 'retry'],
    ['only jobs for other labels', { kind: 'jobs', runsOn: [['windows-latest']] }, 'ignore'],
    ['no jobs at all', { kind: 'jobs', runsOn: [] }, 'ignore'],
    ['its undrain', { kind: 'runner', runnerId: 7, change: 'undrained' }, 'retry'],
    ['its drain', { kind: 'runner', runnerId: 7, change: 'drained' }, 'release'],
    ['its revocation', { kind: 'runner', runnerId: 7, change: 'revoked' }, 'release'],
    ["another runner's drain", { kind: 'runner', runnerId: 8, change: 'drained' }, 'ignore'],
    ['a shutdown', { kind: 'shutdown' }, 'stop'],
  ])('a waiting runner reacts to %s', (_name, event, reaction) => {
    expect(reactToWake(event, runner)).toBe(reaction);
  });
});

describe('notify functions', () => {
  it('publish what waiting runners need, label sets deduplicated and counted', async () => {
    const wake = new InProcessWakeBus();
    const seen: WakeEvent[] = [];
    wake.subscribe((e) => seen.push(e));
    await notifyJobsEnqueued({ wake }, [
      { runsOn: ['x64', 'linux'] },
      { runsOn: ['linux', 'x64'] },
      { runsOn: [] },
    ]);
    await notifyJobsFinished({ wake });
    await notifyRunnerChanged({ wake }, 3, 'drained');
    expect(seen).toEqual([
      { kind: 'jobs', runsOn: [['linux', 'x64'], []], counts: [2, 1] },
      { kind: 'jobs' },
      { kind: 'runner', runnerId: 3, change: 'drained' },
    ]);
  });
});
