/** The job and step state machine of SPEC §7.2: which status may follow which. */
import type { Conclusion, JobStatus } from '../../ports/model/run.js';
import { conflict, invalid } from '../errors.js';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'completed', 'cancelled', 'skipped'];
export const CONCLUSIONS: readonly Conclusion[] = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
];

export type TerminalStatus = 'completed' | 'cancelled' | 'skipped';
export type Subject = 'job' | 'step';

/** Where each status may be entered from. Jobs are never set `skipped` by a report. */
const ENTERED_FROM: Record<Subject, Partial<Record<JobStatus, readonly JobStatus[]>>> = {
  job: {
    running: ['queued', 'running'],
    completed: ['queued', 'running', 'completed'],
    cancelled: ['queued', 'running', 'cancelled'],
  },
  step: {
    running: ['queued', 'running'],
    completed: ['queued', 'running', 'completed'],
    cancelled: ['queued', 'running', 'cancelled'],
    skipped: ['queued', 'running', 'skipped'],
  },
};

/** True for the statuses a job or step never leaves. */
export function isTerminal(status: JobStatus): status is TerminalStatus {
  return status === 'completed' || status === 'cancelled' || status === 'skipped';
}

/** True when `from → to` is in the transition table of SPEC §7.2. */
export function canTransition(subject: Subject, from: JobStatus, to: JobStatus): boolean {
  return ENTERED_FROM[subject][to]?.includes(from) ?? false;
}

/** A requested change as a report carries it: unvalidated strings. */
export interface RequestedStatus {
  status: string;
  conclusion?: string | null;
}

/** A validated change: terminal statuses always carry a conclusion, others never do. */
export interface StatusChange {
  status: JobStatus;
  conclusion: Conclusion | null;
}

/**
 * Validates a requested change against the current status. Bad values are `invalid`
 * (`<subject>.invalid_status`, `.invalid_conclusion`, `.conclusion_required`,
 * `.conclusion_not_allowed`); a value that may not follow `from` is `conflict`
 * `<subject>.illegal_transition`. `cancelled` and `skipped` default to themselves.
 */
export function resolveStatusChange(
  subject: Subject,
  from: JobStatus,
  requested: RequestedStatus,
): StatusChange {
  const status = requested.status as JobStatus;
  if (!JOB_STATUSES.includes(status)) {
    throw invalid(`${subject}.invalid_status`, `${subject} status must be one of ${JOB_STATUSES.join(', ')}`);
  }
  const given = requested.conclusion ?? null;
  if (given !== null && !CONCLUSIONS.includes(given as Conclusion)) {
    throw invalid(
      `${subject}.invalid_conclusion`,
      `${subject} conclusion must be one of ${CONCLUSIONS.join(', ')}`,
    );
  }
  const conclusion = (given as Conclusion | null) ?? defaultConclusion(status);
  if (isTerminal(status) && conclusion === null) {
    throw invalid(`${subject}.conclusion_required`, `${subject} status ${status} requires a conclusion`);
  }
  if (!isTerminal(status) && conclusion !== null) {
    throw invalid(`${subject}.conclusion_not_allowed`, `${subject} status ${status} takes no conclusion`);
  }
  if (!canTransition(subject, from, status)) {
    throw conflict(`${subject}.illegal_transition`, `${subject} cannot go from ${from} to ${status}`);
  }
  return { status, conclusion };
}

function defaultConclusion(status: JobStatus): Conclusion | null {
  if (status === 'cancelled') return 'cancelled';
  if (status === 'skipped') return 'skipped';
  return null;
}
