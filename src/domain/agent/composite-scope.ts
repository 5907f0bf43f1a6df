/**
 * What a composite action's sub-steps see (`composite-step.ts`): the context where the `uses:`
 * step stands (to bind inputs, and its own `env:` that the sub-steps inherit), the action's own
 * context (its `inputs` and `steps` over the job's env), and its `steps` records.
 */
import type { CheckStatus } from '../workflows/expressions/functions.js';
import type { WorkflowStep } from '../workflows/model.js';
import { resolveEnv } from '../workflows/render-run-script.js';
import type { ExecuteStepDeps, ExecuteStepInput } from './execute-step.js';
import type { StepOutcome } from './job-state.js';
import { type ActionScope, expressionContext, overlayEnv, resolveJobEnv } from './step-context.js';
import { stepPlace } from './step-place.js';

/** The context where the `uses:` step stands, and its own `env:` resolved there. */
export function outerContext(deps: ExecuteStepDeps, input: ExecuteStepInput) {
  const place = { ...stepPlace(deps, input), ...(input.action ? { action: input.action } : {}) };
  const jobEnv = resolveJobEnv(input.job, place);
  const base = input.action ? overlayEnv(jobEnv, input.action.env) : jobEnv;
  const env = resolveEnv([input.step.env], expressionContext(input.job, place), base);
  const context = expressionContext(input.job, { ...place, env: env.env, tainted: env.taintedEnv });
  const own = (key: string) => Object.hasOwn(input.step.env, key);
  const stepEnv = Object.fromEntries(Object.entries(env.env).filter(([key]) => own(key)));
  return { env: { env: stepEnv, taintedEnv: new Set([...env.taintedEnv].filter(own)) }, context };
}

/** What the action's own expressions see: its scope over the job's env. */
export function actionContext(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
  scope: ActionScope,
  status: CheckStatus,
) {
  const place = { ...stepPlace(deps, { ...input, status }), action: scope };
  const env = overlayEnv(resolveJobEnv(input.job, place), scope.env);
  return expressionContext(input.job, { ...place, env: env.env, tainted: env.taintedEnv });
}

/** The fields of a sub-step in the runner's step shape (its id and log stay the step's). */
export function assignedOf(sub: WorkflowStep) {
  return {
    stepKey: sub.id ?? '',
    name: sub.name,
    ifExpr: sub.if,
    run: sub.run ?? '',
    uses: sub.uses ?? '',
    shell: sub.shell ?? '',
    workingDirectory: sub.workingDirectory ?? '',
    env: sub.env,
    with: sub.with,
    continueOnError: sub.continueOnError,
    timeoutMinutes: null,
    continueOnErrorExpr: '',
    timeoutMinutesExpr: '',
  };
}

export function record(
  scope: ActionScope,
  sub: WorkflowStep,
  outcome: StepOutcome,
  conclusion: StepOutcome,
  outputs: Record<string, string>,
): void {
  if (sub.id === null) return;
  const entry = { outputs, outcome, conclusion };
  Object.defineProperty(scope.steps, sub.id, {
    value: entry,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}
