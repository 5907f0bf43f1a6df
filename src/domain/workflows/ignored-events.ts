/**
 * Events GitHub fires that this server never does. A file naming them still parses (so it moves
 * over unchanged); each one gets a warning, and the file runs on the events it shares with us.
 */
import type { DiagnosticList, PathSegment } from './diagnostics.js';

export const IGNORED_EVENT_NAMES = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'project',
  'project_card',
  'project_column',
  'public',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'registry_package',
  'release',
  'repository_dispatch',
  'status',
  'watch',
  'workflow_run',
] as const;

const IGNORED: ReadonlySet<string> = new Set(IGNORED_EVENT_NAMES);

export const isIgnoredEvent = (name: string): boolean => IGNORED.has(name);

/**
 * Warns once per ignored event of `on:` (string, list or map form) and returns their names in
 * file order. Warnings never fail a run.
 */
export function readIgnoredEvents(raw: unknown, out: DiagnosticList): string[] {
  const found: { name: string; path: PathSegment[] }[] = [];
  if (typeof raw === 'string') found.push({ name: raw, path: ['on'] });
  else if (Array.isArray(raw))
    raw.forEach((name, i) => {
      if (typeof name === 'string') found.push({ name, path: ['on', i] });
    });
  else if (typeof raw === 'object' && raw !== null)
    for (const name of Object.keys(raw)) found.push({ name, path: ['on', name] });
  const ignored = found.filter(({ name }) => isIgnoredEvent(name));
  for (const { name, path } of ignored)
    out.warning(path, `shithub never fires '${name}': this trigger is ignored`);
  return ignored.map(({ name }) => name);
}
