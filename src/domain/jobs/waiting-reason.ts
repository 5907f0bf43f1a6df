/** Why is this job still queued? (SPEC §9.4) — a pure answer over a loaded snapshot. */
import type { JobWaitContext, RunnerLoad } from '../../ports/model/queue.js';
import { isAtCapacity } from '../runners/decide-claim.js';
import { isRunnerOnline } from '../runners/is-runner-online.js';
import { findJobBlocker, type JobBlockerCode } from './job-blockers.js';
import { labelMatches } from './runner-availability.js';

export type WaitingReasonCode =
  | JobBlockerCode
  | 'no_matching_runner'
  | 'runners_offline'
  | 'runners_draining'
  | 'runners_busy';

/** A reason code, its datum (job key, labels, group, count) and a sentence for people. */
export interface WaitingReason {
  code: WaitingReasonCode;
  detail: string;
  message: string;
}

export interface WaitingReasonOptions {
  now: Date;
  /** A runner silent longer than this counts as offline. */
  staleAfterMs: number;
}

/**
 * The first reason the job waits: job-side blockers first (see `findJobBlocker`), then the
 * runner pool: no runner carries the labels, all such runners are offline, all online ones
 * drain, all ready ones are full. Null when a runner could claim it on its next heartbeat.
 */
export function waitingReasonForJob(
  ctx: JobWaitContext,
  loads: readonly RunnerLoad[],
  opts: WaitingReasonOptions,
): WaitingReason | null {
  const blocker = findJobBlocker(ctx);
  if (blocker) return { ...blocker, message: blockerMessage(blocker.code, blocker.detail, ctx) };
  const labels = ctx.job.runsOn.join(', ');
  const matching = labelMatches(ctx.job.runsOn, loads);
  if (matching.length === 0) {
    const message = labels
      ? `Waiting for runner with labels: ${labels}`
      : 'Waiting for any runner to register';
    return { code: 'no_matching_runner', detail: ctx.job.runsOn.join(','), message };
  }
  const online = matching.filter((l) => isRunnerOnline(l.runner, opts.now, opts.staleAfterMs));
  if (online.length === 0) return poolReason('runners_offline', matching.length, 'are offline');
  const ready = online.filter((l) => l.runner.drainingAt === null);
  if (ready.length === 0) return poolReason('runners_draining', online.length, 'are draining');
  if (ready.every((l) => isAtCapacity(l.runningJobs, l.runner.capacity))) {
    return poolReason('runners_busy', ready.length, 'are at capacity');
  }
  return null;
}

function poolReason(code: WaitingReasonCode, count: number, state: string): WaitingReason {
  const noun = count === 1 ? 'matching runner' : `${count} matching runners`;
  return { code, detail: String(count), message: `${count === 1 ? 'The' : 'All'} ${noun} ${state}` };
}

function blockerMessage(code: JobBlockerCode, detail: string, ctx: JobWaitContext): string {
  switch (code) {
    case 'actions_disabled':
      return 'Actions are disabled for this repository';
    case 'awaiting_approval':
      return 'Waiting for a maintainer to approve the run';
    case 'needs':
      return `Waiting for job ${detail} to succeed`;
    case 'concurrency_group':
      return ctx.blockingRunId !== null
        ? `Waiting for run ${ctx.blockingRunId} of concurrency group ${detail}`
        : `Waiting for job ${ctx.blockingJobId} of concurrency group ${detail}`;
    case 'max_parallel':
      return `The matrix is running its limit of ${detail} jobs at once (max-parallel)`;
    case 'repo_cap':
      return `The repository is running its limit of ${detail} jobs`;
    case 'owner_cap':
      return `The owner is running its limit of ${detail} jobs`;
  }
}
