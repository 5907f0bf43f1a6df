/**
 * Runs one step whose `if:` said yes (SPEC §13): `actions/checkout@v4` and the artifact
 * actions on the host, a `run:` script through the engine with its environment files, a local
 * composite action, anything else refused. Returns the
 * step's conclusion and what its files set; the caller reports it.
 */
import type { ArtifactApi } from '../../ports/artifact-api.js';
import type { ArtifactFiles } from '../../ports/artifact-files.js';
import type { Checkout } from '../../ports/checkout.js';
import type { Clock } from '../../ports/clock.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { AssignedStep } from '../../ports/model/assignment.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { StepFiles } from '../../ports/step-files.js';
import type { Timer } from '../../ports/timer.js';
import { artifactActionOf } from '../artifacts/artifact-actions.js';
import { isDomainError } from '../errors.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { interpolate } from '../workflows/expressions/template.js';
import { awaitStepEnd } from './await-step-end.js';
import { isCheckoutAction } from './checkout-inputs.js';
import { runCheckout } from './checkout-step.js';
import { runCompositeStep } from './composite-step.js';
import { runDownloadArtifact } from './download-artifact-step.js';
import type { RunScope } from './run-scope.js';
import { type ActionScope, expressionContext, prepareRunStep } from './step-context.js';
import { applyStepFiles, createStepFiles, fileCommandEnv, stepFilePaths } from './step-file-commands.js';
import type { StepLog } from './step-log.js';
import { stepPlace } from './step-place.js';
import { planShell } from './step-shell.js';
import { runUploadArtifact } from './upload-artifact-step.js';

export type StepConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

export interface ExecuteStepDeps {
  engine: ContainerEngine;
  checkout: Checkout;
  files: StepFiles;
  timer: Timer;
  clock: Clock;
  log: RunnerLog;
  /** The server's artifact calls (through the job's token chain). */
  artifacts: ArtifactApi;
  /** Artifact files in the job's workspace and runner folder. */
  artifactFiles: ArtifactFiles;
}

export interface ExecuteStepInput extends RunScope {
  step: AssignedStep;
  /** A composite action's sub-step (from 1): its own container and files. */
  part?: number;
  /** Inside a composite action: what its sub-steps see. */
  action?: ActionScope;
  /** What `success()`/`failure()` see for this step's expressions. */
  status: CheckStatus;
  /** The earlier of the job's and the step's deadline. */
  deadline: Date;
  cancel: AbortSignal;
  stepLog: StepLog;
}

export interface StepResult {
  conclusion: StepConclusion;
  /** What `$GITHUB_OUTPUT` set (`::set-output` is merged by the caller). */
  outputs: Record<string, string>;
  /** `$GITHUB_STEP_SUMMARY`, not yet scrubbed; null when none. */
  summary: string | null;
}

/** Executes a step and returns how it ended. Never throws for the step's own failures. */
export async function executeStep(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepResult> {
  const { step, stepLog } = input;
  const result: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  try {
    if (step.uses !== '') {
      if (step.uses.startsWith('./')) return await runCompositeStep(deps, input);
      const artifact = artifactActionOf(step.uses);
      if (artifact !== null) return await runArtifactStep(deps, input, artifact);
      if (isCheckoutAction(step.uses)) result.conclusion = await runCheckout(deps, input);
      else
        stepLog.line(
          `unsupported uses: ${step.uses} (this runner supports actions/checkout, the artifact actions, local composite actions and run: steps)`,
        );
      return result;
    }
    if (step.run.trim() === '') return { ...result, conclusion: 'success' };
    return await runScript(deps, input, result);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    stepLog.line(`error: ${err.message}`);
    return { ...result, conclusion: 'failure' };
  }
}

/** An artifact action (also as a composite action's sub-step). */
export function runArtifactStep(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
  action: 'upload' | 'download',
): Promise<StepResult> {
  return action === 'upload' ? runUploadArtifact(deps, input) : runDownloadArtifact(deps, input);
}

/** Runs a `run:` script (a step's, or a composite action's sub-step's) through the engine. */
export async function runScript(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
  result: StepResult,
): Promise<StepResult> {
  const { job, step, stepLog, state } = input;
  const place = { ...stepPlace(deps, input), ...(input.action ? { action: input.action } : {}) };
  const prepared = prepareRunStep(job, step, place);
  const shared = { host: input.shared, step: deps.engine.stepShared(input.shared) };
  const paths = stepFilePaths(shared, step.id, input.part);
  const shell = interpolate(step.shell, expressionContext(job, place));
  const plan = planShell(
    shell,
    prepared.script,
    { host: paths.host.script, step: paths.step.script },
    state.path,
  );
  if (plan.kind === 'refused') {
    stepLog.line(`error: ${plan.message}`);
    return result;
  }
  await createStepFiles(deps, paths);
  if (plan.file) await deps.files.writeFile(plan.file.path, plan.file.text);
  const started = await deps.engine.startStep(
    {
      runnerId: input.runnerId,
      runId: job.runId,
      jobId: job.id,
      stepId: step.id,
      ...(input.part === undefined ? {} : { part: input.part }),
      workspace: input.workspace,
      workingDirectory: step.workingDirectory,
      shared: input.shared,
      env: { ...input.containers?.env, ...prepared.env, ...fileCommandEnv(paths, state) },
      shell: plan.shell,
      script: plan.script,
      ...(input.containers?.container ? { container: input.containers.container } : {}),
      ...(input.containers?.network ? { network: input.containers.network } : {}),
    },
    (bytes) => stepLog.write(bytes),
  );
  const end = await awaitStepEnd(deps, { step: started, deadline: input.deadline, cancel: input.cancel });
  const applied = await applyStepFiles(deps, { paths, state, outputs: result.outputs });
  result.summary = applied.summary;
  for (const note of applied.notes) stepLog.line(note);
  result.conclusion = conclusionOf(end, stepLog);
  for (const error of applied.errors) stepLog.line(`error: ${error}`);
  if (applied.errors.length > 0 && result.conclusion === 'success') result.conclusion = 'failure';
  return result;
}

function conclusionOf(end: Awaited<ReturnType<typeof awaitStepEnd>>, stepLog: StepLog): StepConclusion {
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
