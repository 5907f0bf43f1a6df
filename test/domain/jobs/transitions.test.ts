import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../src/domain/errors.js';
import { canTransition, resolveStatusChange } from '../../../src/domain/jobs/transitions.js';
import type { JobStatus } from '../../../src/ports/model/run.js';

const STATUSES: JobStatus[] = ['queued', 'running', 'completed', 'cancelled', 'skipped'];

/** SPEC §7.2: the statuses each target may be entered from. */
const LEGAL: Record<'job' | 'step', Record<JobStatus, JobStatus[]>> = {
  job: {
    queued: [],
    running: ['queued', 'running'],
    completed: ['queued', 'running', 'completed'],
    cancelled: ['queued', 'running', 'cancelled'],
    skipped: [],
  },
  step: {
    queued: [],
    running: ['queued', 'running'],
    completed: ['queued', 'running', 'completed'],
    cancelled: ['queued', 'running', 'cancelled'],
    skipped: ['queued', 'running', 'skipped'],
  },
};

const cases = (['job', 'step'] as const).flatMap((subject) =>
  STATUSES.flatMap((from) =>
    STATUSES.map((to) => ({ subject, from, to, legal: LEGAL[subject][to].includes(from) })),
  ),
);

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return { kind: err.kind, code: err.code, message: err.message };
    throw err;
  }
  return undefined;
}

describe('job and step transitions', () => {
  it.each(cases)('$subject $from → $to is legal: $legal', ({ subject, from, to, legal }) => {
    expect(canTransition(subject, from, to)).toBe(legal);
  });

  it.each([
    ['completed', 'success', 'success'],
    ['cancelled', undefined, 'cancelled'],
    ['cancelled', 'action_required', 'action_required'],
    ['running', undefined, null],
    ['running', null, null],
  ] as const)('resolves %s with conclusion %s to %s', (status, conclusion, expected) => {
    expect(resolveStatusChange('job', 'running', { status, conclusion })).toEqual({
      status,
      conclusion: expected,
    });
  });

  it('defaults a skipped step to the skipped conclusion', () => {
    expect(resolveStatusChange('step', 'queued', { status: 'skipped' })).toEqual({
      status: 'skipped',
      conclusion: 'skipped',
    });
  });

  it.each([
    [
      { status: 'finished' },
      'invalid',
      'job.invalid_status',
      'job status must be one of queued, running, completed, cancelled, skipped',
    ],
    [
      { status: 'completed' },
      'invalid',
      'job.conclusion_required',
      'job status completed requires a conclusion',
    ],
    [
      { status: 'running', conclusion: 'success' },
      'invalid',
      'job.conclusion_not_allowed',
      'job status running takes no conclusion',
    ],
    [
      { status: 'completed', conclusion: 'stale' },
      'invalid',
      'job.invalid_conclusion',
      'job conclusion must be one of success, failure, neutral, cancelled, skipped, timed_out, action_required',
    ],
    [{ status: 'queued' }, 'conflict', 'job.illegal_transition', 'job cannot go from running to queued'],
    [{ status: 'skipped' }, 'conflict', 'job.illegal_transition', 'job cannot go from running to skipped'],
  ])('refuses %o with %s %s', (requested, kind, code, message) => {
    expect(errorOf(() => resolveStatusChange('job', 'running', requested))).toEqual({ kind, code, message });
  });

  it('names the step in step errors', () => {
    expect(errorOf(() => resolveStatusChange('step', 'completed', { status: 'running' }))).toEqual({
      kind: 'conflict',
      code: 'step.illegal_transition',
      message: 'step cannot go from completed to running',
    });
  });
});
