import { describe, expect, it } from 'vitest';
import { rollUpRun } from '../../../src/domain/jobs/roll-up.js';
import type { Conclusion, JobStatus } from '../../../src/ports/model/run.js';

const job = (status: JobStatus, conclusion: Conclusion | null = null) => ({ status, conclusion });

describe('run roll-up', () => {
  it.each([
    ['no jobs fails', [], { complete: true, conclusion: 'failure' }],
    [
      'all success',
      [job('completed', 'success'), job('completed', 'success')],
      { complete: true, conclusion: 'success' },
    ],
    ['a queued job keeps it open', [job('completed', 'success'), job('queued')], { complete: false }],
    ['a running job keeps it open', [job('completed', 'failure'), job('running')], { complete: false }],
    [
      'skipped and neutral count as success',
      [job('skipped', 'skipped'), job('completed', 'neutral')],
      { complete: true, conclusion: 'success' },
    ],
    [
      'failure beats cancelled',
      [job('cancelled', 'cancelled'), job('completed', 'failure')],
      { complete: true, conclusion: 'failure' },
    ],
    [
      'the first of failure/timed_out wins in job order',
      [job('completed', 'timed_out'), job('completed', 'failure')],
      { complete: true, conclusion: 'timed_out' },
    ],
    [
      'action_required counts as worst',
      [job('completed', 'success'), job('cancelled', 'action_required')],
      { complete: true, conclusion: 'action_required' },
    ],
    [
      'cancelled beats success',
      [job('completed', 'success'), job('cancelled', 'cancelled')],
      { complete: true, conclusion: 'cancelled' },
    ],
    [
      'a completed job with conclusion cancelled is cancelled',
      [job('completed', 'cancelled')],
      { complete: true, conclusion: 'cancelled' },
    ],
    [
      'a terminal job without a conclusion fails',
      [job('completed')],
      { complete: true, conclusion: 'failure' },
    ],
  ] as const)('%s', (_name, jobs, expected) => {
    expect(rollUpRun(jobs)).toEqual(expected);
  });
});
