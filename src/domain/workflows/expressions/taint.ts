/**
 * Which expressions carry untrusted or secret data (facts §7). Event payloads (`shithub.event.*`,
 * `github.event.*`), `inputs.*`, `secrets.*` and `env.X` whose value came from one of them must
 * reach a shell only through an environment variable, never spliced into script text.
 */
import { childrenOf, type ExprNode } from './ast.js';

/**
 * True when evaluating the expression may read tainted or secret data. Conservative: a whole
 * context (`toJSON(github)`), a dynamic index (`github[x]`) or `env` as a whole counts.
 */
export function readsTaintedData(node: ExprNode, taintedEnv: ReadonlySet<string> = new Set()): boolean {
  return visit(node, false, taintedEnv);
}

function visit(node: ExprNode, isAccessed: boolean, taintedEnv: ReadonlySet<string>): boolean {
  if (node.kind === 'context' && !isAccessed && isTaintedReference(node.name, undefined, taintedEnv))
    return true;
  if (
    (node.kind === 'member' || node.kind === 'index' || node.kind === 'star') &&
    node.object.kind === 'context'
  ) {
    if (isTaintedReference(node.object.name, firstSegment(node), taintedEnv)) return true;
  }
  const accessed =
    node.kind === 'member' || node.kind === 'index' || node.kind === 'star' ? node.object : null;
  return childrenOf(node).some((child) => visit(child, child === accessed, taintedEnv));
}

/** The key right after the context: a name, or null when computed at run time (`[x]`, `.*`). */
function firstSegment(node: Extract<ExprNode, { kind: 'member' | 'index' | 'star' }>): string | null {
  if (node.kind === 'member') return node.property;
  if (node.kind === 'index' && node.index.kind === 'literal' && node.index.value !== null)
    return String(node.index.value);
  return null;
}

/** `first` is undefined when the context is read whole. */
function isTaintedReference(
  root: string,
  first: string | null | undefined,
  taintedEnv: ReadonlySet<string>,
): boolean {
  switch (root) {
    case 'inputs':
    case 'secrets':
      return true;
    case 'shithub':
    case 'github':
      return typeof first !== 'string' || first.toLowerCase() === 'event';
    case 'env':
      if (typeof first !== 'string') return taintedEnv.size > 0;
      return [...taintedEnv].some((name) => name.toUpperCase() === first.toUpperCase());
    default:
      return false;
  }
}
