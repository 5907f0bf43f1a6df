import { describe, expect, it } from 'vitest';
import { runIdOfCheck } from '../../../src/domain/api/branch-status.js';
import { stageJobs } from '../../../src/domain/api/job-stages.js';
import { allowedRunActions } from '../../../src/domain/api/run-actions.js';

const run = (extra: Partial<Parameters<typeof allowedRunActions>[0]> = {}) => ({
  status: 'queued' as const,
  conclusion: null,
  needApproval: false,
  approvedByUserId: null,
  ...extra,
});

describe('which run buttons a viewer sees', () => {
  it.each([
    ['a reader: none', run(), 'read', []],
    ['nobody: none', run(), null, []],
    ['a writer on an open run: cancel', run({ status: 'running' }), 'write', ['cancel']],
    [
      'a writer on a failed run: both re-runs',
      run({ status: 'completed', conclusion: 'failure' }),
      'write',
      ['rerun', 'rerun-failed'],
    ],
    [
      'an admin on a green run: re-run all',
      run({ status: 'completed', conclusion: 'success' }),
      'admin',
      ['rerun'],
    ],
    [
      'a writer on a run awaiting approval',
      run({ needApproval: true }),
      'write',
      ['approve', 'reject', 'cancel'],
    ],
    ['an approved run: cancel only', run({ needApproval: true, approvedByUserId: 1 }), 'write', ['cancel']],
  ] as const)('%s', (_name, r, role, expected) => {
    expect(allowedRunActions(r, undefined, role)).toEqual(expected);
  });

  it('offers no approval once the run was rejected', () => {
    const rejected = run({ needApproval: true, status: 'completed', conclusion: 'action_required' });
    expect(allowedRunActions(rejected, { rejectedAt: new Date(0) }, 'write')).toEqual([
      'rerun',
      'rerun-failed',
    ]);
  });
});

describe('the order needs gives jobs', () => {
  const job = (jobKey: string, needsJobs: string[] = []) => ({ jobKey, needsJobs });

  it('puts each job one stage after the latest job it needs, keeping job order inside a stage', () => {
    const stages = stageJobs([
      job('lint'),
      job('test', ['build']),
      job('build'),
      job('deploy', ['test', 'lint']),
    ]);
    expect(stages.map((s) => s.map((j) => j.jobKey))).toEqual([['lint', 'build'], ['test'], ['deploy']]);
  });

  it('puts jobs with unknown or cyclic needs in a last stage', () => {
    const stages = stageJobs([job('a'), job('b', ['ghost']), job('c', ['d']), job('d', ['c'])]);
    expect(stages.map((s) => s.map((j) => j.jobKey))).toEqual([['a'], ['b', 'c', 'd']]);
  });
});

describe('the run behind a check run', () => {
  it.each([
    ['workflow_run:12:job:build', 12],
    ['workflow_run:7', 7],
    ['workflow_run:7x', null],
    ['other:1', null],
    ['workflow_run:0', null],
  ])('%s → %s', (externalId, id) => {
    expect(runIdOfCheck({ externalId })).toBe(id);
  });
});
