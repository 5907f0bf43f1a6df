/** Concurrency groups (SPEC §6, facts §12): resolved at enqueue, never with secrets. */
import { createHash } from 'node:crypto';
import type { ExpressionContext } from './expressions/evaluate.js';
import { evaluateTemplate, interpolate } from './expressions/template.js';
import { isTruthy } from './expressions/values.js';
import type { Concurrency, Workflow, WorkflowJob } from './model.js';

/** Longest group stored; longer ones are shortened keeping a hash of the whole. */
export const MAX_CONCURRENCY_GROUP_LENGTH = 256;

export interface ResolvedConcurrency {
  group: string;
  cancelInProgress: boolean;
}

/**
 * Resolves the workflow's `concurrency` (no job given) or the job's. Returns null when none
 * is declared or the group comes out empty. `secrets` is removed from the context first.
 * Throws DomainError invalid on bad syntax or a failing function.
 */
export function resolveConcurrency(
  workflow: Workflow,
  job: WorkflowJob | undefined,
  context: ExpressionContext,
): ResolvedConcurrency | null {
  const declared: Concurrency | null = job ? job.concurrency : workflow.concurrency;
  if (!declared) return null;
  const { secrets: _dropped, ...contexts } = context.contexts;
  const safe: ExpressionContext = { ...context, contexts };
  const group = shorten(interpolate(declared.group, safe));
  if (group === '') return null;
  const cancel = declared.cancelInProgress;
  const cancelInProgress = typeof cancel === 'boolean' ? cancel : isTruthy(evaluateTemplate(cancel, safe));
  return { group, cancelInProgress };
}

/** The group name alone ('' when there is none): what the run or job row stores. */
export function resolveConcurrencyGroup(
  workflow: Workflow,
  job: WorkflowJob | undefined,
  context: ExpressionContext,
): string {
  return resolveConcurrency(workflow, job, context)?.group ?? '';
}

/** Keeps distinct long groups distinct: first 239 characters, '-', 16 hex of SHA-256 of the whole. */
function shorten(group: string): string {
  if (group.length <= MAX_CONCURRENCY_GROUP_LENGTH) return group;
  const digest = createHash('sha256').update(group).digest('hex').slice(0, 16);
  return `${group.slice(0, MAX_CONCURRENCY_GROUP_LENGTH - 17)}-${digest}`;
}
