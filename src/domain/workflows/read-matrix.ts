/** Builds a job's `Strategy` and checks that its matrix expands (SPEC §6). */
import { isDomainError } from '../errors.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { type ExprValue, isObject, toExprValue } from './expressions/values.js';
import { matrixCombinations } from './matrix.js';
import type { Matrix, MatrixRow, Strategy } from './model.js';
import { split } from './read-steps.js';
import type { RawStrategy } from './schema-jobs.js';

/**
 * Reads `strategy:`; `include` / `exclude` must list mappings, and `exclude` may only name
 * dimensions. Returns the strategy (null without a matrix: then there is nothing to expand) and
 * how many combinations it expands to: 0 when it fails, null when `${{ }}` decides at expansion.
 */
export function readStrategy(
  raw: RawStrategy,
  at: readonly PathSegment[],
  out: DiagnosticList,
): { strategy: Strategy | null; combinations: number | null } {
  if (raw.matrix === undefined) return { strategy: null, combinations: null };
  const path = [...at, 'matrix'];
  const matrix: Matrix = { dimensions: {}, include: [], exclude: [] };
  const matrixExpr: Record<string, string> = {};
  if (typeof raw.matrix === 'string') matrixExpr[''] = raw.matrix;
  else
    for (const [name, values] of Object.entries(raw.matrix)) {
      if (typeof values === 'string') matrixExpr[name] = values;
      else if (name === 'include' || name === 'exclude') matrix[name] = rows(values, [...path, name], out);
      else if (values.length === 0) out.error([...path, name], `matrix dimension '${name}' has no values`);
      else matrix.dimensions[name] = values.map(toExprValue);
    }
  matrix.exclude.forEach((entry, i) => {
    for (const key of Object.keys(entry)) {
      if (!Object.hasOwn(matrix.dimensions, key) && !Object.hasOwn(matrixExpr, key))
        out.error([...path, 'exclude', i, key], `'${key}' is not a matrix dimension`);
    }
  });
  const [failFast, failFastExpr] = split(raw['fail-fast'], true);
  const [maxParallel, maxParallelExpr] = split(raw['max-parallel'], null);
  const strategy: Strategy = { matrix, matrixExpr, failFast, failFastExpr, maxParallel, maxParallelExpr };
  const isDynamic = Object.keys(matrixExpr).length > 0;
  return { strategy, combinations: isDynamic ? null : countCombinations(matrix, path, out) };
}

function rows(values: readonly unknown[], path: readonly PathSegment[], out: DiagnosticList): MatrixRow[] {
  const result: MatrixRow[] = [];
  values.forEach((value, i) => {
    const row: ExprValue = toExprValue(value);
    if (isObject(row)) result.push(row);
    else out.error([...path, i], 'expected a mapping of matrix values');
  });
  return result;
}

function countCombinations(matrix: Matrix, path: readonly PathSegment[], out: DiagnosticList): number {
  try {
    return matrixCombinations(matrix).length;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    out.error(path, err.message);
    return 0;
  }
}
