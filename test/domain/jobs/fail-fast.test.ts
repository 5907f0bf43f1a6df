import { describe, expect, it } from 'vitest';
import { failFastVictims } from '../../../src/domain/jobs/fail-fast.js';
import type { Conclusion, Job, JobStatus } from '../../../src/ports/model/run.js';

let nextId = 1;
type Shape = [key: string, status: JobStatus, conclusion: Conclusion | null, extra?: Partial<Job>];

function job([jobKey, status, conclusion, extra = {}]: Shape): Job {
  const at = new Date(0);
  return {
    id: nextId++,
    runId: 1,
    jobIndex: 0,
    jobKey,
    jobName: jobKey,
    runsOn: [],
    runnerId: null,
    needsJobs: [],
    ifExpr: '',
    timeoutMinutes: 360,
    permissions: {},
    jobEnv: {},
    status,
    conclusion,
    statusReason: null,
    cancelRequested: false,
    cancelRequestedAt: null,
    deadlineAt: null,
    startedAt: null,
    completedAt: null,
    createdAt: at,
    updatedAt: at,
    matrixGroup: jobKey.startsWith('m-') ? 'm' : '',
    failFast: jobKey.startsWith('m-'),
    ...extra,
  };
}

describe('failFastVictims', () => {
  it.each<[string, Shape[], string[]]>([
    [
      'nothing failed',
      [
        ['m-1', 'completed', 'success'],
        ['m-2', 'queued', null],
      ],
      [],
    ],
    [
      'a failure stops queued and running siblings',
      [
        ['m-1', 'completed', 'failure'],
        ['m-2', 'running', null],
        ['m-3', 'queued', null],
        ['other', 'queued', null],
      ],
      ['m-2', 'm-3'],
    ],
    [
      'a timeout counts as a failure',
      [
        ['m-1', 'completed', 'timed_out'],
        ['m-2', 'queued', null],
      ],
      ['m-2'],
    ],
    [
      'a cancelled combination stops nothing',
      [
        ['m-1', 'cancelled', 'cancelled'],
        ['m-2', 'queued', null],
      ],
      [],
    ],
    [
      'a running sibling already asked to cancel is left alone',
      [
        ['m-1', 'completed', 'failure'],
        ['m-2', 'running', null, { cancelRequested: true }],
      ],
      [],
    ],
    [
      'a failed combination with continue-on-error stops nothing',
      [
        ['m-1', 'completed', 'failure', { continueOnError: true }],
        ['m-2', 'queued', null],
      ],
      [],
    ],
    [
      'a matrix without fail-fast is left alone',
      [
        ['m-1', 'completed', 'failure', { failFast: false }],
        ['m-2', 'queued', null, { failFast: false }],
      ],
      [],
    ],
    [
      'a failed job outside any matrix stops nothing',
      [
        ['plain', 'completed', 'failure'],
        ['m-1', 'queued', null],
      ],
      [],
    ],
    [
      'rows without options (older rows) stop nothing',
      [
        ['a', 'completed', 'failure', { matrixGroup: undefined, failFast: undefined }],
        ['b', 'queued', null],
      ],
      [],
    ],
  ])('%s', (_name, shapes, expected) => {
    expect(failFastVictims(shapes.map(job)).map((j) => j.jobKey)).toEqual(expected);
  });
});
