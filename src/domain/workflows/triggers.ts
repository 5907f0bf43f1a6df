/** Does an event start a workflow? The `on:` filters of SPEC §6 with GitHub's rules. */
import { normaliseCron } from './cron.js';
import { anyPathPasses, passesFilter } from './glob.js';
import type { Filter, Workflow } from './model.js';

/**
 * An event as the trigger matcher sees it. `changedPaths` null or absent means "unknown"
 * (a new branch, a diff too large to list): path filters then let the event through.
 */
export type TriggerEvent =
  | { kind: 'push'; ref: string; changedPaths?: readonly string[] | null }
  | { kind: 'pull_request'; action: string; baseRef: string; changedPaths?: readonly string[] | null }
  | { kind: 'workflow_dispatch' }
  | { kind: 'schedule'; cron: string };

const BRANCH_PREFIX = 'refs/heads/';
const TAG_PREFIX = 'refs/tags/';

/** True when the workflow's `on:` selects the event. Pure; the workflow must have parsed. */
export function matchTrigger(workflow: Workflow, event: TriggerEvent): boolean {
  const on = workflow.on;
  switch (event.kind) {
    case 'push':
      return on.push !== null && matchPush(on.push, event.ref, event.changedPaths);
    case 'pull_request': {
      const pr = on.pullRequest;
      if (pr === null || !pr.types.includes(event.action)) return false;
      if (pr.branches && !passesFilter(pr.branches, shortBranch(event.baseRef))) return false;
      return pathsPass(pr.paths, event.changedPaths);
    }
    case 'workflow_dispatch':
      return on.workflowDispatch !== null;
    case 'schedule':
      return on.schedule.some((cron) => normaliseCron(cron) === normaliseCron(event.cron));
  }
}

/**
 * A branch push is checked against branch filters, a tag push against tag filters. When only
 * one kind of filter is set, pushes of the other kind never match. Tag pushes skip path filters.
 */
function matchPush(
  push: NonNullable<Workflow['on']['push']>,
  ref: string,
  changed: readonly string[] | null | undefined,
): boolean {
  const isBranch = ref.startsWith(BRANCH_PREFIX);
  const isTag = ref.startsWith(TAG_PREFIX);
  if (!isBranch && !isTag) return false;
  const anyRefFilter = push.branches !== null || push.tags !== null;
  if (isTag) {
    if (anyRefFilter && push.tags === null) return false;
    return push.tags === null || passesFilter(push.tags, ref.slice(TAG_PREFIX.length));
  }
  if (anyRefFilter && push.branches === null) return false;
  if (push.branches && !passesFilter(push.branches, ref.slice(BRANCH_PREFIX.length))) return false;
  return pathsPass(push.paths, changed);
}

function pathsPass(filter: Filter | null, changed: readonly string[] | null | undefined): boolean {
  if (filter === null || changed === null || changed === undefined) return true;
  return anyPathPasses(filter, changed);
}

/** `refs/heads/main` → `main`; a bare branch name is taken as it is. */
function shortBranch(ref: string): string {
  return ref.startsWith(BRANCH_PREFIX) ? ref.slice(BRANCH_PREFIX.length) : ref;
}
