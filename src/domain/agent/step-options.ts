/**
 * What the runner decides about a step before it starts, with the step's contexts: whether
 * its `if:` lets it run, its deadline, and its `timeout-minutes` / `continue-on-error` when
 * written as `${{ }}` that the plan could not resolve (they read `steps`, `needs`, `vars`,
 * `env`, …).
 */
import type { AssignedStep } from '../../ports/model/assignment.js';
import { isDomainError } from '../errors.js';
import { evaluateCondition } from '../workflows/expressions/condition.js';
import { evaluateTemplate } from '../workflows/expressions/template.js';
import { readFlag, readMinutes } from '../workflows/plan-time-templates.js';
import type { ExecuteStepDeps } from './execute-step.js';
import type { JobProgress } from './job-outcome.js';
import type { RunScope } from './run-scope.js';
import { expressionContext, resolveJobEnv } from './step-context.js';
import { stepPlace } from './step-place.js';

export interface StepOptions {
  timeoutMinutes: number | null;
  continueOnError: boolean;
}

/** The step's options, or why a template failed (the step then fails with it). */
export function stepOptions(
  deps: Pick<ExecuteStepDeps, 'engine' | 'files'>,
  scope: RunScope,
  step: AssignedStep,
  progress: JobProgress,
): StepOptions | string {
  const options = { timeoutMinutes: step.timeoutMinutes, continueOnError: step.continueOnError };
  const timeoutExpr = step.timeoutMinutesExpr ?? '';
  const continueExpr = step.continueOnErrorExpr ?? '';
  if (timeoutExpr === '' && continueExpr === '') return options;
  try {
    const place = stepPlace(deps, { ...scope, status: progress.status });
    const env = resolveJobEnv(scope.job, place);
    const context = expressionContext(scope.job, { ...place, env: env.env, tainted: env.taintedEnv });
    const what = `step ${step.index + 1}`;
    if (timeoutExpr !== '')
      options.timeoutMinutes = readMinutes(what)(evaluateTemplate(timeoutExpr, context));
    if (continueExpr !== '') options.continueOnError = readFlag(evaluateTemplate(continueExpr, context));
    return options;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return err.message;
  }
}

export function stepDeadline(
  jobDeadline: Date,
  startedAt: Date,
  timeoutMinutes: number | null,
  minuteMs = 60_000,
): Date {
  if (timeoutMinutes === null || timeoutMinutes <= 0) return jobDeadline;
  const own = new Date(startedAt.getTime() + timeoutMinutes * minuteMs);
  return own < jobDeadline ? own : jobDeadline;
}

/** true to run, false to skip, or why the `if:` (or the job env it reads) failed. */
export function shouldRun(
  deps: Pick<ExecuteStepDeps, 'engine' | 'files'>,
  input: RunScope,
  step: AssignedStep,
  progress: JobProgress,
): boolean | string {
  const place = stepPlace(deps, { ...input, status: progress.status });
  try {
    const env = resolveJobEnv(input.job, place);
    const context = expressionContext(input.job, { ...place, env: env.env, tainted: env.taintedEnv });
    return evaluateCondition(step.ifExpr, context);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return `if: ${err.message}`;
  }
}
