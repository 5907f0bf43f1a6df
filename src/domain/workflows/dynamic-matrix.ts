/** Matrices written (in whole or in part) as `${{ }}`, resolved when the run is planned. */
import { invalid } from '../errors.js';
import type { ExpressionContext } from './expressions/evaluate.js';
import { evaluateTemplate } from './expressions/template.js';
import { type ExprValue, isObject } from './expressions/values.js';
import type { Matrix, MatrixRow, Strategy } from './model.js';
import { isPlanTime, readFlag, resolveTemplated } from './plan-time-templates.js';

/**
 * The strategy with its matrix, `fail-fast` and `max-parallel` resolved. Throws DomainError
 * invalid `workflow.matrix_deferred` when the matrix reads what only exists later (`needs`
 * outputs: not supported yet) and `workflow.matrix_invalid` when a value has the wrong shape.
 */
export function resolveStrategy(strategy: Strategy, jobKey: string, context: ExpressionContext): Strategy {
  const failFast = resolveTemplated(
    { value: strategy.failFast, expr: strategy.failFastExpr },
    context,
    readFlag,
  );
  const maxParallel = resolveTemplated(
    { value: strategy.maxParallel, expr: strategy.maxParallelExpr },
    context,
    (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null),
  );
  return {
    matrix: resolveMatrix(strategy, jobKey, context),
    matrixExpr: {},
    failFast: failFast.value,
    failFastExpr: failFast.expr,
    maxParallel: maxParallel.value,
    maxParallelExpr: maxParallel.expr,
  };
}

function resolveMatrix(strategy: Strategy, jobKey: string, context: ExpressionContext): Matrix {
  const entries = Object.entries(strategy.matrixExpr);
  if (entries.length === 0) return strategy.matrix;
  const matrix: Matrix = {
    dimensions: { ...strategy.matrix.dimensions },
    include: [...strategy.matrix.include],
    exclude: [...strategy.matrix.exclude],
  };
  for (const [name, template] of entries) {
    if (!isPlanTime(template)) {
      throw invalid(
        'workflow.matrix_deferred',
        `job ${jobKey}: a matrix computed from needs or step outputs is not supported yet`,
      );
    }
    const value = evaluateTemplate(template, context);
    if (name === '') {
      if (!isObject(value)) throw shape(jobKey, 'matrix', 'a mapping');
      for (const [key, list] of Object.entries(value)) place(matrix, key, list, jobKey);
    } else place(matrix, name, value, jobKey);
  }
  return matrix;
}

function place(matrix: Matrix, name: string, value: ExprValue, jobKey: string): void {
  if (!Array.isArray(value)) throw shape(jobKey, `matrix.${name}`, 'a list');
  if (name !== 'include' && name !== 'exclude') {
    matrix.dimensions[name] = [...value];
    return;
  }
  const rows = value.filter(isObject) as MatrixRow[];
  if (rows.length !== value.length) throw shape(jobKey, `matrix.${name}`, 'a list of mappings');
  matrix[name] = [...matrix[name], ...rows];
}

const shape = (jobKey: string, what: string, want: string) =>
  invalid('workflow.matrix_invalid', `job ${jobKey}: ${what} must resolve to ${want}`);
