/** Turns the jobs of a workflow into the concrete jobs of a run, one per matrix combination. */
import { invalid } from '../errors.js';
import type { ExpressionContext } from './expressions/evaluate.js';
import { evaluateTemplate, hasExpression, interpolate } from './expressions/template.js';
import { type ExprValue, toText } from './expressions/values.js';
import { matrixCombinations } from './matrix.js';
import type { MatrixRow, Workflow, WorkflowJob } from './model.js';

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
 * resolved with the combination as `matrix` (plus `context`, e.g. `inputs`):
 * `build (ubuntu, 18)` unless the name has `${{ }}`; `runs-on: ${{ matrix.os }}` gives that
 * label, a list value several. Throws DomainError invalid `workflow.matrix_too_large`,
 * `workflow.matrix_empty`, or `workflow.runs_on_empty` when the labels resolve to nothing.
 */
export function expandMatrix(job: WorkflowJob, context: ExpressionContext = { contexts: {} }): ExpandedJob[] {
  const strategy = job.strategy;
  const base = {
    ...job,
    baseKey: job.key,
    failFast: strategy?.failFast ?? true,
    maxParallel: strategy?.maxParallel ?? null,
  };
  if (!strategy)
    return [
      {
        ...base,
        matrix: null,
        name: resolveName(job.name, null, context),
        runsOn: resolveLabels(job, null, context),
      },
    ];
  return matrixCombinations(strategy.matrix).map((matrix, i) => ({
    ...base,
    key: `${job.key}-${i + 1}`,
    name: resolveName(job.name, matrix, context),
    runsOn: resolveLabels(job, matrix, context),
    matrix,
  }));
}

/** Expands every job and points `needs` at all combinations of the needed job, in file order. */
export function expandJobs(workflow: Workflow, context: ExpressionContext = { contexts: {} }): ExpandedJob[] {
  const expanded = workflow.jobs.map((job) => expandMatrix(job, context));
  const keysOf = new Map(workflow.jobs.map((job, i) => [job.key, (expanded[i] ?? []).map((j) => j.key)]));
  return expanded
    .flat()
    .map((job) => ({ ...job, needs: job.needs.flatMap((need) => keysOf.get(need) ?? [need]) }));
}

function withMatrix(context: ExpressionContext, matrix: MatrixRow | null): ExpressionContext {
  return { ...context, contexts: { ...context.contexts, matrix: matrix ?? {} } };
}

function resolveName(name: string, matrix: MatrixRow | null, context: ExpressionContext): string {
  if (hasExpression(name)) return safely(() => interpolate(name, withMatrix(context, matrix)), name);
  if (matrix === null) return name;
  const values = Object.values(matrix).map((value) =>
    typeof value === 'object' && value !== null ? JSON.stringify(value) : toText(value),
  );
  return `${name} (${values.join(', ')})`;
}

function resolveLabels(job: WorkflowJob, matrix: MatrixRow | null, context: ExpressionContext): string[] {
  const labels = job.runsOn.flatMap((label) => {
    if (!hasExpression(label)) return [label];
    const value: ExprValue = safely(() => evaluateTemplate(label, withMatrix(context, matrix)), label);
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
