/**
 * The steps of a job, in order (SPEC §13): evaluate `if:` (and the step's templated
 * `timeout-minutes` / `continue-on-error`), report the step running, execute it with its log
 * and the cancel check, record it in the `steps` context, report its result with its summary
 * and annotations. After a job timeout or a lost job nothing more runs; after a cancel the
 * server closes the remaining steps itself.
 */
import type { AssignedStep, StatusReport } from '../../ports/model/assignment.js';
import { type ExecuteStepDeps, executeStep, type StepConclusion, type StepResult } from './execute-step.js';
import { afterStep, JOB_START, type JobProgress } from './job-outcome.js';
import { putValue, type StepOutcome } from './job-state.js';
import type { RunScope } from './run-scope.js';
import { openStepLog, type StepLog, type StepLogDeps } from './step-log.js';
import { type StepOptions, shouldRun, stepDeadline, stepOptions } from './step-options.js';
import { finalStepReport } from './step-report.js';
import { watchCancel } from './watch-cancel.js';

export type RunStepsDeps = ExecuteStepDeps &
  StepLogDeps & {
    /** How long a `timeout-minutes` minute lasts; tests shorten it. Default `MINUTE_MS`. */
    minuteMs?: number;
  };

export const MINUTE_MS = 60_000;

export interface RunStepsInput extends RunScope {
  jobDeadline: Date;
  /** The job's `if:` could not be evaluated, or its containers refused: the first step fails with this reason, no step runs. */
  jobRefusal?: string;
  /** Lines the first step that runs shows before its own (the job's containers and services). */
  notes?: string[];
  /** Aborted by a requested cancel (server or shutdown) or a lost job. */
  cancel: AbortController;
}

/** Runs every step and returns the job's progress at the end. */
export async function runSteps(deps: RunStepsDeps, input: RunStepsInput): Promise<JobProgress> {
  let progress = JOB_START;
  let stopped = false;
  let refusal = input.jobRefusal;
  let notes = input.notes ?? [];
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
      record(input, step, 'skipped', 'skipped', {});
      await report(deps, input, step, { status: 'skipped', conclusion: 'skipped' });
      continue;
    }
    const options = decision === true ? stepOptions(deps, input, step, progress) : decision;
    const startedAt = deps.clock.now();
    const timeout = typeof options === 'string' ? null : options.timeoutMinutes;
    const deadline = stepDeadline(input.jobDeadline, startedAt, timeout, deps.minuteMs);
    await report(deps, input, step, { status: 'running', startedAt });
    const run = await runOneStep(deps, input, { step, progress, deadline, options, notes });
    notes = [];
    const continueOnError = typeof options !== 'string' && options.continueOnError;
    const passed = run.result.conclusion === 'failure' && continueOnError ? 'success' : run.result.conclusion;
    record(input, step, outcomeOf(run.result.conclusion), outcomeOf(passed), run.result.outputs);
    await report(deps, input, step, {
      status: run.result.conclusion === 'cancelled' ? 'cancelled' : 'completed',
      conclusion: run.result.conclusion,
      startedAt,
      completedAt: deps.clock.now(),
      ...finalStepReport(input.state.masks, run.result.summary, run.log.commands.annotations),
    });
    progress = afterStep(progress, run.result.conclusion, continueOnError);
    if (run.result.conclusion === 'timed_out' && deadline === input.jobDeadline) stopped = true;
  }
  return progress;
}

/** `options` as a string: why the step's `if:` or templates failed; the step fails with it. */
async function runOneStep(
  deps: RunStepsDeps,
  input: RunStepsInput,
  at: {
    step: AssignedStep;
    progress: JobProgress;
    deadline: Date;
    options: StepOptions | string;
    notes: readonly string[];
  },
): Promise<{ result: StepResult; log: StepLog }> {
  const { step } = at;
  const stepLog = openStepLog(deps, {
    jobId: input.job.id,
    stepId: step.id,
    masks: input.state.masks,
    debug: input.state.debug,
    channel: input.channel,
  });
  const stepOver = new AbortController();
  const watching = watchCancel(deps, {
    jobId: input.job.id,
    channel: input.channel,
    cancel: input.cancel,
    until: stepOver.signal,
  });
  let result: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  try {
    for (const note of at.notes) stepLog.line(note);
    if (typeof at.options === 'string') stepLog.line(`error: ${at.options}`);
    else
      result = await executeStep(deps, {
        ...input,
        step,
        status: at.progress.status,
        deadline: at.deadline,
        cancel: input.cancel.signal,
        stepLog,
      });
  } catch (err) {
    deps.log.error('step crashed', { job_id: input.job.id, step_id: step.id, error: String(err) });
    stepLog.line('shithub-runner: internal error while running this step');
    result = { conclusion: 'failure', outputs: {}, summary: null };
  } finally {
    stepOver.abort();
    await watching;
    await stepLog.close();
  }
  return { result: withCommands(result, stepLog), log: stepLog };
}

/** `::set-output` values join the file's; a disabled command fails a step that succeeded. */
function withCommands(result: StepResult, stepLog: StepLog): StepResult {
  const { outputs, failures } = stepLog.commands;
  const merged = { ...outputs };
  for (const [name, value] of Object.entries(result.outputs)) putValue(merged, name, value);
  const failed = failures.length > 0 && result.conclusion === 'success';
  return { ...result, outputs: merged, conclusion: failed ? 'failure' : result.conclusion };
}

function record(
  input: RunStepsInput,
  step: AssignedStep,
  outcome: StepOutcome,
  conclusion: StepOutcome,
  outputs: Record<string, string>,
): void {
  if (step.stepKey === '') return;
  const entry = { outputs, outcome, conclusion };
  Object.defineProperty(input.state.steps, step.stepKey, {
    value: entry,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}

/** The `steps` context knows no `timed_out`: a step killed by its timeout failed. */
function outcomeOf(conclusion: StepConclusion): StepOutcome {
  return conclusion === 'timed_out' ? 'failure' : conclusion;
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
