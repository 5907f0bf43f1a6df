/**
 * The steps of a job, in order (SPEC §13): evaluate `if:`, report the step running, execute
 * it with its log and the cancel check, report its result. After a job timeout or a lost
 * job nothing more runs; after a cancel the server closes the remaining steps itself.
 */
import type { AssignedJob, AssignedStep, StatusReport } from '../../ports/model/assignment.js';
import { isDomainError } from '../errors.js';
import type { MaskSet } from '../logs/mask-set.js';
import { evaluateCondition } from '../workflows/expressions/condition.js';
import { resolveEnv } from '../workflows/render-run-script.js';
import { type ExecuteStepDeps, executeStep, type StepConclusion } from './execute-step.js';
import type { JobChannel } from './job-channel.js';
import { afterStep, JOB_START, type JobProgress } from './job-outcome.js';
import { expressionContext } from './step-context.js';
import { openStepLog, type StepLogDeps } from './step-log.js';
import { watchCancel } from './watch-cancel.js';

export type RunStepsDeps = ExecuteStepDeps &
  StepLogDeps & {
    /** How long a `timeout-minutes` minute lasts; tests shorten it. Default `MINUTE_MS`. */
    minuteMs?: number;
  };

export const MINUTE_MS = 60_000;

export interface RunStepsInput {
  runnerId: number;
  job: AssignedJob;
  workspace: string;
  jobDeadline: Date;
  channel: JobChannel;
  masks: MaskSet;
  /** The job's `if:` could not be evaluated: the first step fails with this reason, no step runs. */
  jobRefusal?: string;
  /** Aborted by a requested cancel (server or shutdown) or a lost job. */
  cancel: AbortController;
}

/** Runs every step and returns the job's progress at the end. */
export async function runSteps(deps: RunStepsDeps, input: RunStepsInput): Promise<JobProgress> {
  let progress = JOB_START;
  let stopped = false;
  let refusal = input.jobRefusal;
  for (const step of input.job.steps) {
    if (input.cancel.signal.aborted || input.channel.isGone()) {
      return input.channel.isGone() ? progress : { status: 'cancelled', conclusion: 'cancelled' };
    }
    const decision = stopped ? false : (refusal ?? shouldRun(deps, input, step, progress));
    if (refusal !== undefined) {
      refusal = undefined;
      stopped = true;
    }
    if (decision === false) {
      await report(deps, input, step, { status: 'skipped', conclusion: 'skipped' });
      continue;
    }
    const startedAt = deps.clock.now();
    const deadline = stepDeadline(input.jobDeadline, startedAt, step.timeoutMinutes, deps.minuteMs);
    await report(deps, input, step, { status: 'running', startedAt });
    const result = await runOneStep(deps, input, { step, progress, deadline, refusal: decision });
    await report(deps, input, step, {
      status: result === 'cancelled' ? 'cancelled' : 'completed',
      conclusion: result,
      startedAt,
      completedAt: deps.clock.now(),
    });
    progress = afterStep(progress, result, step.continueOnError);
    if (result === 'timed_out' && deadline === input.jobDeadline) stopped = true;
  }
  return progress;
}

/** `refusal` (an `if:` that could not be evaluated) fails the step with that message. */
async function runOneStep(
  deps: RunStepsDeps,
  input: RunStepsInput,
  at: { step: AssignedStep; progress: JobProgress; deadline: Date; refusal: string | true },
): Promise<StepConclusion> {
  const { step } = at;
  const stepLog = openStepLog(deps, {
    jobId: input.job.id,
    stepId: step.id,
    masks: input.masks,
    channel: input.channel,
  });
  const stepOver = new AbortController();
  const watching = watchCancel(deps, {
    jobId: input.job.id,
    channel: input.channel,
    cancel: input.cancel,
    until: stepOver.signal,
  });
  try {
    if (at.refusal !== true) {
      stepLog.line(`error: ${at.refusal}`);
      return 'failure';
    }
    return await executeStep(deps, {
      runnerId: input.runnerId,
      job: input.job,
      step,
      workspace: input.workspace,
      status: at.progress.status,
      deadline: at.deadline,
      cancel: input.cancel.signal,
      stepLog,
    });
  } catch (err) {
    deps.log.error('step crashed', { job_id: input.job.id, step_id: step.id, error: String(err) });
    stepLog.line('shithub-runner: internal error while running this step');
    return 'failure';
  } finally {
    stepOver.abort();
    await watching;
    await stepLog.close();
  }
}

function stepDeadline(
  jobDeadline: Date,
  startedAt: Date,
  timeoutMinutes: number | null,
  minuteMs = MINUTE_MS,
): Date {
  if (timeoutMinutes === null || timeoutMinutes <= 0) return jobDeadline;
  const own = new Date(startedAt.getTime() + timeoutMinutes * minuteMs);
  return own < jobDeadline ? own : jobDeadline;
}

/** true to run, false to skip, or why the `if:` (or the job env it reads) failed. */
function shouldRun(
  deps: RunStepsDeps,
  input: RunStepsInput,
  step: AssignedStep,
  progress: JobProgress,
): boolean | string {
  const base = { status: progress.status, workspace: deps.engine.stepWorkspace(input.workspace) };
  try {
    const env = resolveEnv([input.job.env], expressionContext(input.job, base));
    const context = expressionContext(input.job, { ...base, env: env.env, tainted: env.taintedEnv });
    return evaluateCondition(step.ifExpr, context);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return `if: ${err.message}`;
  }
}

async function report(deps: RunStepsDeps, input: RunStepsInput, step: AssignedStep, report: StatusReport) {
  const answer = await input.channel.call(`step ${report.status}`, (token) =>
    deps.controlPlane.reportStep(input.job.id, token, step.id, report),
  );
  if (answer.kind === 'refused') {
    deps.log.warn('step report refused', { job_id: input.job.id, step_id: step.id, reason: answer.message });
    // 409: the server finalised the job (lost-runner or deadline reaper); stop working on it.
    if (answer.status === 409) input.cancel.abort();
  }
}
