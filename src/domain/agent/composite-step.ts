/**
 * A local composite action (`uses: ./path`, GitHub's semantics; loaded by `composite-action.ts`):
 * its steps run as sub-steps of this step, in its one log with a `##[group]` each. Sub-steps see
 * the action's `inputs` and their own `steps`; `$GITHUB_ENV` / `$GITHUB_PATH` reach the job as
 * usual. A failed sub-step fails the step (later ones run only when their `if:` asks for it); the
 * action's `outputs:` become the step's outputs. A composite may use one more, no deeper.
 */
import { artifactActionOf } from '../artifacts/artifact-actions.js';
import { isDomainError } from '../errors.js';
import { evaluateCondition } from '../workflows/expressions/condition.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { evaluateTemplate, interpolate } from '../workflows/expressions/template.js';
import type { WorkflowStep } from '../workflows/model.js';
import type { CompositeAction } from '../workflows/parse-action.js';
import { readFlag } from '../workflows/plan-time-templates.js';
import { actionFolder, bindInputs, readAction } from './composite-action.js';
import { actionContext, assignedOf, outerContext, record } from './composite-scope.js';
import type { ExecuteStepDeps, ExecuteStepInput, StepConclusion, StepResult } from './execute-step.js';
import { runArtifactStep, runScript } from './execute-step.js';
import { putValue, type StepOutcome } from './job-state.js';
import type { ActionScope } from './step-context.js';
import { stepPlace } from './step-place.js';

/** The step's own composite, and one nested inside it. */
export const MAX_ACTION_DEPTH = 2;

/** Runs the composite action the step names and returns how the step ended. */
export async function runCompositeStep(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepResult> {
  const { step, stepLog } = input;
  const failed: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  const depth = (input.action?.depth ?? 0) + 1;
  const folder = actionFolder(step.uses);
  const action =
    depth > MAX_ACTION_DEPTH
      ? `${step.uses}: a composite action may use one more local action, no deeper`
      : folder === null
        ? `${step.uses}: a local action must be a folder inside the repository`
        : await readAction(deps, input.workspace, folder);
  if (typeof action === 'string') {
    stepLog.line(`error: ${action}`);
    return failed;
  }
  const outer = outerContext(deps, input);
  const scope: ActionScope = {
    inputs: bindInputs(action, step.with, outer.context, (line) => stepLog.line(line)),
    steps: {},
    path: `${stepPlace(deps, input).workspace}/${folder}`,
    env: outer.env,
    depth,
    parts: input.action?.parts ?? { next: 0 },
  };
  let status: CheckStatus = 'success';
  const summaries: string[] = [];
  for (const sub of action.steps) {
    if (input.cancel.aborted) return { conclusion: 'cancelled', outputs: {}, summary: null };
    const run = await runSubStep(deps, input, scope, sub, status);
    if (run.summary !== null) summaries.push(run.summary);
    if (run.conclusion === 'cancelled' || run.conclusion === 'timed_out')
      return { conclusion: run.conclusion, outputs: {}, summary: null };
    if (run.conclusion === 'failure') status = 'failure';
  }
  const outputs = actionOutputs(deps, input, scope, action, status);
  if (outputs === null) return failed;
  const summary = summaries.length === 0 ? null : summaries.join('\n');
  return { conclusion: status === 'success' ? 'success' : 'failure', outputs, summary };
}

/** One sub-step in its group; how it ended (with `continue-on-error` applied) and its summary. */
async function runSubStep(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
  scope: ActionScope,
  sub: WorkflowStep,
  status: CheckStatus,
): Promise<{ conclusion: StepConclusion | 'skipped'; summary: string | null }> {
  const { stepLog } = input;
  stepLog.line(`##[group]${sub.name}`);
  let result: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  let continueOnError = sub.continueOnError;
  try {
    const context = actionContext(deps, input, scope, status);
    if (!evaluateCondition(sub.if, context)) {
      record(scope, sub, 'skipped', 'skipped', {});
      return { conclusion: 'skipped', summary: null };
    }
    if (sub.continueOnErrorExpr)
      continueOnError = readFlag(evaluateTemplate(sub.continueOnErrorExpr, context));
    scope.parts.next += 1;
    const step = { ...input.step, ...assignedOf(sub) };
    const subInput: ExecuteStepInput = { ...input, step, part: scope.parts.next, action: scope, status };
    const artifact = sub.uses === null ? null : artifactActionOf(sub.uses);
    if (sub.uses?.startsWith('./')) result = await runCompositeStep(deps, subInput);
    else if (artifact !== null) result = await runArtifactStep(deps, subInput, artifact);
    else if (sub.uses !== null)
      stepLog.line(
        `error: ${sub.uses}: only run: steps, the artifact actions and local composite actions run inside a composite action`,
      );
    else if ((sub.run ?? '').trim() === '') result = { ...result, conclusion: 'success' };
    else result = await runScript(deps, subInput, result);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    stepLog.line(`error: ${err.message}`);
  } finally {
    stepLog.line('##[endgroup]');
  }
  const outcome: StepOutcome = result.conclusion === 'timed_out' ? 'failure' : result.conclusion;
  record(scope, sub, outcome, outcome === 'failure' && continueOnError ? 'success' : outcome, result.outputs);
  const conclusion = result.conclusion === 'failure' && continueOnError ? 'success' : result.conclusion;
  return { conclusion, summary: result.summary };
}

/** The action's `outputs:` over its steps; null (after an error line) when one fails to evaluate. */
function actionOutputs(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
  scope: ActionScope,
  action: CompositeAction,
  status: CheckStatus,
): Record<string, string> | null {
  const outputs: Record<string, string> = {};
  try {
    const context = actionContext(deps, input, scope, status);
    for (const [name, template] of Object.entries(action.outputs))
      putValue(outputs, name, interpolate(template, context));
    return outputs;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    input.stepLog.line(`error: action outputs: ${err.message}`);
    return null;
  }
}
