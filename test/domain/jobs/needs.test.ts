import { describe, expect, it } from 'vitest';
import { dependentsToSkip, firstUnmetNeed, runsAfterFailure } from '../../../src/domain/jobs/needs.js';
import type { Conclusion, Job, JobStatus } from '../../../src/ports/model/run.js';

let nextId = 1;
function job(jobKey: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  const conclusion: Conclusion | null =
    status === 'completed' ? 'success' : status === 'queued' || status === 'running' ? null : status;
  const at = new Date(0);
  return {
    ...{
      id: nextId++,
      runId: 1,
      jobIndex: 0,
      jobKey,
      jobName: jobKey,
      runsOn: [],
      runnerId: null,
      needsJobs: [],
    },
    ...{
      ifExpr: '',
      timeoutMinutes: 360,
      permissions: {},
      jobEnv: {},
      status,
      conclusion,
      statusReason: null,
    },
    ...{
      cancelRequested: false,
      cancelRequestedAt: null,
      deadlineAt: null,
      startedAt: null,
      completedAt: null,
    },
    ...{ createdAt: at, updatedAt: at },
    ...extra,
  };
}

describe('needs', () => {
  it.each([
    ['always()', true],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a JS template
    ['${{ always() }}', true],
    ['failure() && github.ref == "x"', true],
    ['success()', false],
    ['steps.failure(x)', false],
    ['not_always()', false],
    ['', false],
  ])('runsAfterFailure(%j) is %s', (expr, expected) => {
    expect(runsAfterFailure(expr)).toBe(expected);
  });

  it.each([
    ['every need succeeded', 'completed', 'success', '', undefined],
    ['a need still running', 'running', null, '', 'build'],
    ['a need that failed', 'completed', 'failure', '', 'build'],
    ['a failed need for an always() job', 'completed', 'failure', 'always()', undefined],
    ['a running need for an always() job', 'running', null, 'always()', 'build'],
    ['a cancelled need for a failure() job', 'cancelled', 'cancelled', 'failure()', undefined],
  ] as const)('with %s the unmet need is %s', (_name, status, conclusion, ifExpr, expected) => {
    const needs = [{ jobKey: 'build', status, conclusion }];
    expect(firstUnmetNeed({ needsJobs: ['build'], ifExpr }, needs)).toBe(expected);
  });

  it('skips queued dependents of a failed job, transitively, in job order', () => {
    const jobs = [
      job('build', 'completed', { conclusion: 'failure' }),
      job('test', 'queued', { needsJobs: ['build'] }),
      job('lint', 'queued'),
      job('deploy', 'queued', { needsJobs: ['test', 'lint'] }),
    ];
    expect(dependentsToSkip(jobs).map((j) => j.jobKey)).toEqual(['test', 'deploy']);
  });

  it('keeps always()/failure() dependents and what depends only on them', () => {
    const jobs = [
      job('build', 'cancelled'),
      job('cleanup', 'queued', { needsJobs: ['build'], ifExpr: 'always()' }),
      job('after', 'queued', { needsJobs: ['cleanup'] }),
      job('test', 'queued', { needsJobs: ['build'] }),
    ];
    expect(dependentsToSkip(jobs).map((j) => j.jobKey)).toEqual(['test']);
  });

  it('skips nothing while needs are still open or succeeded', () => {
    const jobs = [job('a', 'running'), job('b', 'completed'), job('c', 'queued', { needsJobs: ['a', 'b'] })];
    expect(dependentsToSkip(jobs)).toEqual([]);
  });
});
