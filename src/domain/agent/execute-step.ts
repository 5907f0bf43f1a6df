/**
 * Runs one step whose `if:` said yes (SPEC §13): `actions/checkout@v4` on the host, a `run:`
 * script through the engine, anything else refused. Returns the step's conclusion; the
 * caller reports it.
 */
import type { Checkout } from '../../ports/checkout.js';
import type { Clock } from '../../ports/clock.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { AssignedJob, AssignedStep } from '../../ports/model/assignment.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { Timer } from '../../ports/timer.js';
import { isDomainError } from '../errors.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { awaitStepEnd, whenAborted } from './await-step-end.js';
import { checkoutInputs, isCheckoutAction } from './checkout-inputs.js';
import { prepareRunStep } from './step-context.js';
import type { StepLog } from './step-log.js';

export type StepConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

export interface ExecuteStepDeps {
  engine: ContainerEngine;
  checkout: Checkout;
  timer: Timer;
  clock: Clock;
  log: RunnerLog;
}

export interface ExecuteStepInput {
  runnerId: number;
  job: AssignedJob;
  step: AssignedStep;
  workspace: string;
  /** What `success()`/`failure()` see for this step's expressions. */
  status: CheckStatus;
  /** The earlier of the job's and the step's deadline. */
  deadline: Date;
  cancel: AbortSignal;
  stepLog: StepLog;
}

/** Executes a step and returns how it ended. Never throws for the step's own failures. */
export async function executeStep(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepConclusion> {
  const { step, stepLog } = input;
  try {
    if (step.uses !== '') {
      if (isCheckoutAction(step.uses)) return await runCheckout(deps, input);
      stepLog.line(
        `unsupported uses: ${step.uses} (this runner supports actions/checkout@v4 and run: steps)`,
      );
      return 'failure';
    }
    if (step.run.trim() === '') return 'success';
    return await runScript(deps, input);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    stepLog.line(`error: ${err.message}`);
    return 'failure';
  }
}

async function runScript(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepConclusion> {
  const { job, step, stepLog } = input;
  const prepared = prepareRunStep(job, step, {
    status: input.status,
    workspace: deps.engine.stepWorkspace(input.workspace),
  });
  const started = await deps.engine.startStep(
    {
      runnerId: input.runnerId,
      runId: job.runId,
      jobId: job.id,
      stepId: step.id,
      workspace: input.workspace,
      workingDirectory: step.workingDirectory,
      env: prepared.env,
      shell: step.shell === 'sh' ? 'sh' : 'bash',
      script: prepared.script,
    },
    (bytes) => stepLog.write(bytes),
  );
  const end = await awaitStepEnd(deps, { step: started, deadline: input.deadline, cancel: input.cancel });
  if (end.kind === 'timed_out') {
    stepLog.line('shithub-runner: the step ran past its timeout and was killed');
    return 'timed_out';
  }
  if (end.kind === 'cancelled') {
    stepLog.line('shithub-runner: the job was cancelled; the step was stopped');
    return 'cancelled';
  }
  if (end.exitCode === 0) return 'success';
  stepLog.line(
    end.exitCode === null ? 'shithub-runner: the step was killed by a signal' : `exit code ${end.exitCode}`,
  );
  return 'failure';
}

async function runCheckout(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepConclusion> {
  const { job, stepLog } = input;
  const { fetchDepth } = checkoutInputs(input.step.with);
  stepLog.line(`Checking out ${job.checkoutUrl} at ${job.headSha}`);
  const abort = new AbortController();
  const local = new AbortController();
  let reason: StepConclusion = 'failure';
  void whenAborted(input.cancel, local.signal).then(() => {
    reason = 'cancelled';
    abort.abort();
  });
  void deps.timer.sleep(input.deadline.getTime() - deps.clock.now().getTime(), local.signal).then(() => {
    if (local.signal.aborted) return;
    reason = 'timed_out';
    abort.abort();
  });
  try {
    const result = await deps.checkout.checkout(
      {
        workspace: input.workspace,
        url: job.checkoutUrl,
        token: job.checkoutToken,
        sha: job.headSha,
        ref: job.headRef,
        fetchDepth,
      },
      (bytes) => stepLog.write(bytes),
      abort.signal,
    );
    if (abort.signal.aborted) return reason;
    if (!result.ok) {
      stepLog.line(`checkout failed: ${result.message}`);
      return 'failure';
    }
    stepLog.line(`HEAD is now at ${job.headSha}`);
    return 'success';
  } finally {
    local.abort();
  }
}
