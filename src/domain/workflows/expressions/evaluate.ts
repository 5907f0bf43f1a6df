/** Evaluates parsed expressions against the contexts of a run (no eval, no Function). */
import { invalid } from '../../errors.js';
import type { ExprNode } from './ast.js';
import { type CheckStatus, callFunction } from './functions.js';
import { parseExpression } from './parser.js';
import { ExpressionSyntaxError } from './tokenizer.js';
import {
  type ExprValue,
  getProperty,
  isObject,
  isTruthy,
  lessThan,
  looseEquals,
  toNumber,
  toText,
} from './values.js';

export interface ExpressionContext {
  /** Context name → value: `shithub`, `env`, `secrets`, `vars`, `inputs`, `matrix`, `needs`, `steps`, … */
  contexts: Readonly<Record<string, ExprValue>>;
  /** What `success()` / `failure()` / `cancelled()` see; `success` when absent. */
  status?: CheckStatus;
  /** Names in `env` whose values came from event data, inputs or secrets (see `resolveEnv`). */
  taintedEnv?: ReadonlySet<string>;
  /** `hashFiles()`: the runner hashes workspace files; without it the call fails clearly. */
  hashFiles?: (patterns: readonly string[]) => string;
}

/** Result of `a.*`: later `.x` / `[i]` apply to each item (GitHub's object filter). */
class Filtered {
  constructor(readonly items: ExprValue[]) {}
}
type Value = ExprValue | Filtered;

/**
 * Parses (when given text) and evaluates one expression. Throws DomainError invalid
 * `workflow.expression_syntax` for bad syntax and `workflow.expression_failed` when a function fails.
 */
export function evaluate(expr: string | ExprNode, context: ExpressionContext): ExprValue {
  return settle(evalNode(typeof expr === 'string' ? parseOrThrow(expr) : expr, context));
}

/** Parses an expression, turning a syntax error into DomainError invalid `workflow.expression_syntax`. */
export function parseOrThrow(source: string): ExprNode {
  try {
    return parseExpression(source);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) throw invalid('workflow.expression_syntax', err.message);
    throw err;
  }
}

function evalNode(node: ExprNode, ctx: ExpressionContext): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'context':
      return lookupContext(node.name, ctx);
    case 'member':
      return access(evalNode(node.object, ctx), (v) => getProperty(v, node.property));
    case 'index': {
      const index = settle(evalNode(node.index, ctx));
      return access(evalNode(node.object, ctx), (v) => indexInto(v, index));
    }
    case 'star':
      return star(evalNode(node.object, ctx));
    case 'not':
      return !isTruthy(settle(evalNode(node.operand, ctx)));
    case 'call':
      return callFunction(
        node.name,
        node.args.map((arg) => settle(evalNode(arg, ctx))),
        { status: ctx.status ?? 'success', hashFiles: ctx.hashFiles },
      );
    case 'binary':
      return binary(node, ctx);
  }
}

function binary(node: Extract<ExprNode, { kind: 'binary' }>, ctx: ExpressionContext): ExprValue {
  const left = settle(evalNode(node.left, ctx));
  if (node.op === '&&') return isTruthy(left) ? settle(evalNode(node.right, ctx)) : left;
  if (node.op === '||') return isTruthy(left) ? left : settle(evalNode(node.right, ctx));
  const right = settle(evalNode(node.right, ctx));
  switch (node.op) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '<':
      return lessThan(left, right);
    case '>':
      return lessThan(right, left);
    // NaN and objects are neither smaller nor equal, so <= is not just !(>).
    case '<=':
      return lessThan(left, right) || (comparable(left, right) && looseEquals(left, right));
    case '>=':
      return lessThan(right, left) || (comparable(left, right) && looseEquals(left, right));
  }
}

function comparable(left: ExprValue, right: ExprValue): boolean {
  if (typeof left === 'string' && typeof right === 'string') return true;
  return !Number.isNaN(toNumber(left)) && !Number.isNaN(toNumber(right));
}

function lookupContext(name: string, ctx: ExpressionContext): ExprValue {
  const own = ctx.contexts[name];
  if (own !== undefined) return own;
  return name === 'github' ? (ctx.contexts['shithub'] ?? null) : null;
}

function access(target: Value, read: (value: ExprValue) => ExprValue): Value {
  if (!(target instanceof Filtered)) return read(target);
  return new Filtered(target.items.map(read).filter((v) => v !== null));
}

function indexInto(value: ExprValue, index: ExprValue): ExprValue {
  if (Array.isArray(value)) {
    const i = toNumber(index);
    return Number.isInteger(i) && i >= 0 && i < value.length ? (value[i] ?? null) : null;
  }
  return isObject(value) ? getProperty(value, toText(index)) : null;
}

function star(target: Value): Filtered {
  const spread = (v: ExprValue): ExprValue[] =>
    Array.isArray(v) ? [...v] : isObject(v) ? Object.values(v) : [];
  if (target instanceof Filtered) return new Filtered(target.items.flatMap(spread));
  return new Filtered(spread(target));
}

function settle(value: Value): ExprValue {
  return value instanceof Filtered ? value.items : value;
}
