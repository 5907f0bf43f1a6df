/**
 * Parses every `${{ }}` in the file and every `if:` (an expression even without `${{ }}`),
 * so syntax errors, unknown contexts and functions, and misplaced references surface at parse time.
 */
import { isDomainError } from '../errors.js';
import { checkReferences, referenceScope } from './check-references.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { childrenOf, type ExprNode } from './expressions/ast.js';
import { parseExpression } from './expressions/parser.js';
import { normaliseCondition, splitTemplate } from './expressions/template.js';
import { ExpressionSyntaxError } from './expressions/tokenizer.js';

/** Walks the loaded YAML data; reports each bad expression at the path of its value. */
export function checkExpressions(data: unknown, out: DiagnosticList): void {
  const walk = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === 'string') {
      for (const node of checkString(value, path, out))
        checkReferences(node, referenceScope(data, path), path, out);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(data, []);
}

/** The parsed expressions of one string; problems are reported and leave them out. */
function checkString(text: string, path: PathSegment[], out: DiagnosticList): ExprNode[] {
  const nodes: ExprNode[] = [];
  const isCondition = isConditionPath(path);
  const inConcurrency = path[0] === 'concurrency' || (path[0] === 'jobs' && path[2] === 'concurrency');
  try {
    const condition = isCondition ? normaliseCondition(text) : null;
    const sources = isCondition
      ? condition === null || condition === ''
        ? []
        : [condition]
      : expressionsIn(text);
    if (isCondition && condition === '' && text.includes('${{'))
      out.error(path, `empty '\${{ }}' expression`);
    for (const source of sources) {
      if (source === '') {
        out.error(path, `empty '\${{ }}' expression`);
        continue;
      }
      const node = parseExpression(source);
      if (inConcurrency && readsSecrets(node)) out.error(path, 'concurrency groups cannot use secrets');
      nodes.push(node);
    }
    if (inConcurrency && path[path.length - 1] === 'cancel-in-progress' && expressionsIn(text).length === 0) {
      out.error(path, `expected true, false or a '\${{ }}' expression`);
    }
  } catch (err) {
    if (err instanceof ExpressionSyntaxError || isDomainError(err))
      out.error(path, `bad expression: ${err.message}`);
    else throw err;
  }
  return nodes;
}

/** `jobs.<job>.if` and `jobs.<job>.steps[<n>].if` (not an env var or input that happens to be named `if`). */
function isConditionPath(path: readonly PathSegment[]): boolean {
  if (path[0] !== 'jobs' || path[path.length - 1] !== 'if') return false;
  return path.length === 3 || (path.length === 5 && path[2] === 'steps');
}

function expressionsIn(text: string): string[] {
  if (!text.includes('${{')) return [];
  return splitTemplate(text).flatMap((part) => (part.kind === 'expr' ? [part.source] : []));
}

function readsSecrets(node: ExprNode): boolean {
  return (node.kind === 'context' && node.name === 'secrets') || childrenOf(node).some(readsSecrets);
}
