/**
 * Checks what an expression reads against where it stands, as GitHub does: the `steps` context
 * exists only in a job's steps and outputs (an error elsewhere); a step id no earlier step has,
 * or a `needs.<job>` the job does not need, reads null at run time (a warning).
 */
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { childrenOf, type ExprNode } from './expressions/ast.js';

/** What the expression at one path may read. */
export interface ReferenceScope {
  job: string | null;
  /** Step ids (lower case) the expression may name; null where `steps` does not exist. */
  stepIds: ReadonlySet<string> | null;
  /** Jobs (lower case) in the job's `needs`; null outside a job. */
  needs: ReadonlySet<string> | null;
}

/** The scope of `path` in the loaded YAML `data` (read defensively: the shape is unchecked yet). */
export function referenceScope(data: unknown, path: readonly PathSegment[]): ReferenceScope {
  if (path[0] !== 'jobs' || typeof path[1] !== 'string') return { job: null, stepIds: null, needs: null };
  const job = field(field(data, 'jobs'), path[1]);
  const steps = field(job, 'steps');
  const list = Array.isArray(steps) ? steps : [];
  const inStep = path[2] === 'steps' && typeof path[3] === 'number';
  const visible = inStep ? list.slice(0, path[3] as number) : path[2] === 'outputs' ? list : null;
  const rawNeeds = field(job, 'needs');
  const needs = typeof rawNeeds === 'string' ? [rawNeeds] : Array.isArray(rawNeeds) ? rawNeeds : [];
  return {
    job: path[1],
    stepIds: visible === null ? null : lowerSet(visible.map((step) => field(step, 'id'))),
    needs: lowerSet(needs),
  };
}

/** Reports what `node` reads that its scope does not offer. */
export function checkReferences(
  node: ExprNode,
  scope: ReferenceScope,
  path: readonly PathSegment[],
  out: DiagnosticList,
): void {
  if (node.kind === 'context' && node.name === 'steps' && scope.stepIds === null) {
    out.error(path, "the steps context is only available in a job's steps and outputs");
    return;
  }
  const name = accessedName(node);
  if (name !== null && (node.kind === 'member' || node.kind === 'index') && node.object.kind === 'context') {
    const context = node.object.name;
    if (context === 'steps' && scope.stepIds !== null && !scope.stepIds.has(name.toLowerCase()))
      out.warning(path, `no step of job '${scope.job}' before this point has the id '${name}'`);
    if (context === 'needs' && scope.needs !== null && !scope.needs.has(name.toLowerCase()))
      out.warning(path, `job '${scope.job}' does not need '${name}': needs.${name} is empty`);
  }
  for (const child of childrenOf(node)) checkReferences(child, scope, path, out);
}

/** `x.name` or `x['name']`: the literal name read from `x`; null when computed. */
function accessedName(node: ExprNode): string | null {
  if (node.kind === 'member') return node.property;
  if (node.kind === 'index' && node.index.kind === 'literal' && typeof node.index.value === 'string')
    return node.index.value;
  return null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function lowerSet(values: readonly unknown[]): ReadonlySet<string> {
  return new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()));
}
