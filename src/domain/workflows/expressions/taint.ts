/**
 * Which expressions carry untrusted or secret data (facts §7). Event payloads (`shithub.event.*`,
 * `github.event.*`), `inputs.*`, `secrets.*`, step and job outputs (`steps.<id>.outputs`,
 * `needs.<job>.outputs`: a step may have written event data there) and `env.X` whose value came
 * from one of them must reach a shell only through an environment variable, never spliced
 * into script text. `steps.<id>.outcome|conclusion` and `needs.<job>.result` are clean.
 */
import { childrenOf, type ExprNode } from './ast.js';

/**
 * True when evaluating the expression may read tainted or secret data. Conservative: a whole
 * context (`toJSON(github)`), a dynamic index (`github[x]`) or `env` as a whole counts.
 */
export function readsTaintedData(node: ExprNode, taintedEnv: ReadonlySet<string> = new Set()): boolean {
  return visit(node, false, taintedEnv);
}

/** Per context whose entries hold outputs: the fields of an entry that are clean. */
const CLEAN_FIELDS: Record<string, ReadonlySet<string>> = {
  steps: new Set(['outcome', 'conclusion']),
  needs: new Set(['result']),
};

function visit(node: ExprNode, isAccessed: boolean, taintedEnv: ReadonlySet<string>): boolean {
  if (node.kind === 'context' && !isAccessed && isTaintedReference(node.name, undefined, taintedEnv))
    return true;
  if (readsOutputs(node, isAccessed)) return true;
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

/**
 * `needs.<job>` or `steps.<id>` read whole, or any field of it but the clean ones. A computed
 * entry (`needs[x]`) counts as its entry.
 */
function readsOutputs(node: ExprNode, isAccessed: boolean): boolean {
  if (node.kind !== 'member' && node.kind !== 'index' && node.kind !== 'star') return false;
  const entry = node.object;
  if (entry.kind === 'context' && entry.name in CLEAN_FIELDS) return !isAccessed;
  if (entry.kind !== 'member' && entry.kind !== 'index' && entry.kind !== 'star') return false;
  if (entry.object.kind !== 'context') return false;
  const clean = CLEAN_FIELDS[entry.object.name];
  if (!clean) return false;
  const field = firstSegment(node);
  return typeof field !== 'string' || !clean.has(field.toLowerCase());
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
    case 'steps':
    case 'needs':
      return typeof first !== 'string' || root === 'inputs' || root === 'secrets';
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
