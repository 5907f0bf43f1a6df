/** Turns the jobs of a workflow into the concrete jobs of a run, one per matrix combination. */
import { invalid } from '../errors.js';
import { resolveStrategy } from './dynamic-matrix.js';
import type { ExpressionContext } from './expressions/evaluate.js';
import { evaluateTemplate, hasExpression, interpolate } from './expressions/template.js';
import { type ExprObject, type ExprValue, toExprValue, toText } from './expressions/values.js';
import { matrixCombinations } from './matrix.js';
import type { MatrixRow, Workflow, WorkflowJob } from './model.js';
import { isPlanTime } from './plan-time-templates.js';
import { resolveJobTemplates } from './resolve-job-templates.js';

export interface ExpandedJob extends WorkflowJob {
  /**
   * The run's job key. A job without a matrix keeps its key; combination i (from 1, in
   * expansion order) of matrix job `build` is `build-<i>`. The parser refuses collisions.
   */
  key: string;
  /** The key under `jobs:` this job came from; `needs` names it. */
  baseKey: string;
  /** The combination's values (the `matrix` context), or null without a matrix. */
  matrix: MatrixRow | null;
  failFast: boolean;
  maxParallel: number | null;
}

/**
 * One job per combination (or the job itself without a matrix). `name` and `runs-on` are
 * resolved with the combination as `matrix` and `strategy` (plus `context`, e.g. `inputs`):
 * `build (ubuntu, 18)` unless the name has `${{ }}`; `runs-on: ${{ matrix.os }}` gives that
 * label, a list value several. Plan-time templates (`resolveJobTemplates`) are resolved too.
 * Throws DomainError invalid `workflow.matrix_too_large`, `workflow.matrix_empty`,
 * `workflow.matrix_deferred`, `workflow.matrix_invalid`, `workflow.timeout_invalid`,
 * `workflow.reusable_not_supported`, or `workflow.runs_on_empty` when labels resolve to nothing.
 */
export function expandMatrix(job: WorkflowJob, context: ExpressionContext = { contexts: {} }): ExpandedJob[] {
  // `expandWorkflowCalls` replaces calling jobs before a run is planned; one left is a bug.
  if (job.uses !== null)
    throw invalid(
      'workflow.reusable_not_supported',
      `job ${job.key}: calling ${job.uses.path} needs the called file (expandWorkflowCalls) first`,
    );
  const strategy = job.strategy ? resolveStrategy(job.strategy, job.key, context) : null;
  const base = {
    ...job,
    strategy,
    baseKey: job.key,
    failFast: strategy?.failFast ?? true,
    maxParallel: strategy?.maxParallel ?? null,
  };
  const combinations: (MatrixRow | null)[] = strategy ? matrixCombinations(strategy.matrix) : [null];
  return combinations.map((matrix, i) => {
    const position: ExprObject | null = strategy && {
      'fail-fast': base.failFast,
      'job-index': i,
      'job-total': combinations.length,
      'max-parallel': base.maxParallel ?? combinations.length,
    };
    const scope = withMatrix(context, matrix, position);
    return {
      ...resolveJobTemplates(base, scope),
      key: matrix === null ? job.key : `${job.key}-${i + 1}`,
      name: resolveName(job.name, matrix, scope),
      runsOn: resolveLabels(job, scope),
      matrix,
    };
  });
}

/** Expands every job and points `needs` at all combinations of the needed job, in file order. */
export function expandJobs(workflow: Workflow, context: ExpressionContext = { contexts: {} }): ExpandedJob[] {
  const expanded = workflow.jobs.map((job) => expandMatrix(job, callContext(context, job)));
  const keysOf = new Map(workflow.jobs.map((job, i) => [job.key, (expanded[i] ?? []).map((j) => j.key)]));
  return expanded
    .flat()
    .map((job) => ({ ...job, needs: job.needs.flatMap((need) => keysOf.get(need) ?? [need]) }));
}

/** A called job (`expandWorkflowCalls`) sees the call's `inputs`, not the trigger's. */
export function callContext(context: ExpressionContext, job: Pick<WorkflowJob, 'call'>): ExpressionContext {
  if (!job.call) return context;
  return { ...context, contexts: { ...context.contexts, inputs: toExprValue(job.call.inputs) } };
}

/** The `matrix` context, and GitHub's `strategy` context for a combination of a matrix. */
function withMatrix(
  context: ExpressionContext,
  matrix: MatrixRow | null,
  strategy: ExprObject | null,
): ExpressionContext {
  const contexts = { ...context.contexts, matrix: matrix ?? {}, ...(strategy ? { strategy } : {}) };
  return { ...context, contexts };
}

function resolveName(name: string, matrix: MatrixRow | null, context: ExpressionContext): string {
  if (hasExpression(name)) return safely(() => interpolate(name, context), name);
  if (matrix === null) return name;
  const values = Object.values(matrix).map((value) =>
    typeof value === 'object' && value !== null ? JSON.stringify(value) : toText(value),
  );
  return `${name} (${values.join(', ')})`;
}

function resolveLabels(job: WorkflowJob, context: ExpressionContext): string[] {
  const labels = job.runsOn.flatMap((label) => {
    if (!hasExpression(label)) return [label];
    // A label reading `needs` waits, as written, until the job is ready (`resolveReadyJobs`).
    if (job.needs.length > 0 && !safely(() => isPlanTime(label), true)) return [label];
    const value: ExprValue = safely(() => evaluateTemplate(label, context), label);
    const list = Array.isArray(value) ? value : [value];
    return list.map(toText).filter((text) => text !== '');
  });
  // An empty list would match any runner, so it is refused rather than passed on.
  if (labels.length === 0)
    throw invalid('workflow.runs_on_empty', `job ${job.key}: runs-on resolves to no label`);
  return labels;
}

/** Names and labels are checked at parse; should one still fail, the raw text is kept. */
function safely<T>(compute: () => T, fallback: T): T {
  try {
    return compute();
  } catch {
    return fallback;
  }
}
