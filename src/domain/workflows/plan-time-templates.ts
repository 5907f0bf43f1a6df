/**
 * Templates in `timeout-minutes`, `continue-on-error` and `strategy` that read only what is known
 * when a run is planned (`github`, `inputs`, `matrix`, `strategy`, `vars`) are resolved then;
 * the rest keep their template: job-level ones reading `needs` until the job is ready
 * (`resolveReadyJobs`), step-level ones (`steps`, `env`, `runner`, …) for the runner.
 */
import { invalid } from '../errors.js';
import { childrenOf, type ExprNode } from './expressions/ast.js';
import { type ExpressionContext, parseOrThrow } from './expressions/evaluate.js';
import { evaluateTemplate, splitTemplate } from './expressions/template.js';
import { type ExprValue, isTruthy, toNumber, toText } from './expressions/values.js';
import { MAX_TIMEOUT_MINUTES } from './schema-common.js';

const PLAN_TIME_CONTEXTS: ReadonlySet<string> = new Set([
  'github',
  'shithub',
  'inputs',
  'matrix',
  'strategy',
  'vars',
]);

/** Whether every expression of `template` reads only plan-time contexts. */
export function isPlanTime(template: string): boolean {
  const reads = (node: ExprNode): boolean =>
    (node.kind !== 'context' || PLAN_TIME_CONTEXTS.has(node.name)) && childrenOf(node).every(reads);
  return splitTemplate(template).every((part) => part.kind === 'text' || reads(parseOrThrow(part.source)));
}

/** A value and its template: resolved when plan-time (template cleared), else left as it is. */
export interface Templated<T> {
  value: T;
  expr: string | null;
}

/** Resolves `expr` with `read` when it is plan-time; `what` names the key in errors. */
export function resolveTemplated<T>(
  field: Templated<T>,
  context: ExpressionContext,
  read: (value: ExprValue) => T,
): Templated<T> {
  if (field.expr === null || !isPlanTime(field.expr)) return field;
  return { value: read(evaluateTemplate(field.expr, context)), expr: null };
}

/**
 * `timeout-minutes` from an expression: a whole number from 1, capped at the limit like a
 * literal. Throws DomainError invalid.
 */
export function readMinutes(what: string): (value: ExprValue) => number {
  return (value) => {
    const minutes = toNumber(value);
    if (!Number.isInteger(minutes) || minutes < 1) {
      throw invalid(
        'workflow.timeout_invalid',
        `${what}: timeout-minutes resolves to '${toText(value)}', not a whole number of at least 1`,
      );
    }
    return Math.min(minutes, MAX_TIMEOUT_MINUTES);
  };
}

/** `continue-on-error` / `fail-fast` from an expression: its truthiness. */
export const readFlag = (value: ExprValue): boolean => isTruthy(value);
