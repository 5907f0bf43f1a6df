/** Job and step `if:` conditions. */
import { invalid } from '../../errors.js';
import { childrenOf, type ExprNode } from './ast.js';
import { type ExpressionContext, evaluate, parseOrThrow } from './evaluate.js';
import { STATUS_FUNCTIONS } from './names.js';
import { normaliseCondition } from './template.js';
import { isTruthy } from './values.js';

/** Why a condition like `${{ a }} == b` is refused (it would always be true). */
export const MIXED_CONDITION = `a condition mixes '\${{ }}' with other text; write it as one expression`;

function callsStatusFunction(node: ExprNode): boolean {
  if (node.kind === 'call' && STATUS_FUNCTIONS.has(node.name)) return true;
  return childrenOf(node).some(callsStatusFunction);
}

/**
 * Whether a condition calls `success()`, `failure()`, `cancelled()` or `always()`; then it
 * decides for itself whether to run after a failure. False for an empty or unparsable condition.
 */
export function usesStatusFunction(ifExpr: string): boolean {
  const source = normaliseCondition(ifExpr);
  if (!source) return false;
  try {
    return callsStatusFunction(parseOrThrow(source));
  } catch {
    return false;
  }
}

/**
 * Evaluates an `if:` the way GitHub does: empty means `success()`, and a condition calling
 * no status function runs only when everything so far succeeded (`success() && (…)`).
 * Throws DomainError invalid for bad syntax, a failing function, or mixed `${{ }}` and text.
 */
export function evaluateCondition(ifExpr: string, context: ExpressionContext): boolean {
  const source = normaliseCondition(ifExpr);
  if (source === null) throw invalid('workflow.expression_syntax', MIXED_CONDITION);
  if (source === '') return (context.status ?? 'success') === 'success';
  const node = parseOrThrow(source);
  const value = isTruthy(evaluate(node, context));
  return callsStatusFunction(node) ? value : value && (context.status ?? 'success') === 'success';
}
