/**
 * `strategy.matrix` expansion with GitHub's rules: the product of the dimensions in file order,
 * minus every combination matching an `exclude` entry (a partial match suffices), then each
 * `include` entry is merged into every combination whose original values it does not change,
 * or, matching none, added as a combination of its own.
 */
import { invalid } from '../errors.js';
import { deepEquals } from './expressions/values.js';
import type { Matrix, MatrixRow } from './model.js';

/** GitHub's limit of jobs per matrix. */
export const MAX_MATRIX_COMBINATIONS = 256;
/** The product is refused before it is built above this size, whatever `exclude` would remove. */
export const MAX_MATRIX_PRODUCT = 4096;

/**
 * The combinations of a matrix, in order. Throws DomainError invalid `workflow.matrix_too_large`
 * beyond 256 combinations (or a product over 4096) and `workflow.matrix_empty` when none is left.
 */
export function matrixCombinations(matrix: Matrix): MatrixRow[] {
  const dimensions = Object.entries(matrix.dimensions);
  const product = dimensions.reduce((n, [, values]) => n * values.length, 1);
  if (product > MAX_MATRIX_PRODUCT) {
    throw invalid(
      'workflow.matrix_too_large',
      `the matrix has ${product} combinations before exclude; the limit is ${MAX_MATRIX_COMBINATIONS}`,
    );
  }
  let rows: MatrixRow[] = dimensions.length === 0 ? [] : [{}];
  for (const [name, values] of dimensions) {
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [name]: value })));
  }
  rows = rows.filter((row) => !matrix.exclude.some((entry) => matches(row, entry)));
  const originalKeys = new Set(dimensions.map(([name]) => name));
  const originalCount = rows.length;
  for (const entry of matrix.include) {
    let merged = false;
    for (let i = 0; i < originalCount; i += 1) {
      const row = rows[i] as MatrixRow;
      const keepsOriginals = Object.entries(entry).every(
        ([k, v]) => !originalKeys.has(k) || deepEquals(row[k] ?? null, v),
      );
      if (keepsOriginals) {
        rows[i] = { ...row, ...entry };
        merged = true;
      }
    }
    if (!merged) rows.push({ ...entry });
  }
  if (rows.length === 0) throw invalid('workflow.matrix_empty', 'the matrix has no combinations left');
  if (rows.length > MAX_MATRIX_COMBINATIONS) {
    throw invalid(
      'workflow.matrix_too_large',
      `the matrix has ${rows.length} combinations; the limit is ${MAX_MATRIX_COMBINATIONS}`,
    );
  }
  return rows;
}

/** An exclude entry matches when every value it names equals the combination's. */
function matches(row: MatrixRow, entry: MatrixRow): boolean {
  return Object.entries(entry).every(([k, v]) => Object.hasOwn(row, k) && deepEquals(row[k] ?? null, v));
}
