/** Turns valibot issues into diagnostics whose messages name the key and say what was expected. */
import type * as v from 'valibot';
import { type DiagnosticList, formatPath, type PathSegment } from './diagnostics.js';

type Issue = v.BaseIssue<unknown>;

/** Adds one diagnostic per issue; a union's issues are replaced by the deeper ones of its options. */
export function reportIssues(
  issues: readonly Issue[],
  out: DiagnosticList,
  prefix: readonly PathSegment[] = [],
): void {
  for (const issue of issues) report(issue, out, prefix);
}

function report(issue: Issue, out: DiagnosticList, prefix: readonly PathSegment[]): void {
  const path = [...prefix, ...pathOf(issue)];
  if (issue.type === 'union' && issue.issues) {
    // An object that failed inside its object option is better explained by that option.
    // The options' issues carry paths relative to the union's value.
    const deeper = issue.issues.filter((sub) => pathOf(sub).length > 0);
    if (deeper.length > 0) {
      reportIssues(deeper, out, path);
      return;
    }
  }
  out.error(path, messageOf(issue, path));
}

function pathOf(issue: Issue): PathSegment[] {
  return (issue.path ?? []).map((item) => (typeof item.key === 'number' ? item.key : String(item.key)));
}

function messageOf(issue: Issue, path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  const isObjectType = issue.type === 'strict_object' || issue.type === 'object';
  if (isObjectType && issue.expected === 'never') {
    return formatPath(path.slice(0, -1)) === 'on' ? `unsupported event '${last}'` : `unknown key '${last}'`;
  }
  if (isObjectType && issue.input === undefined && path.length > 0)
    return `required key '${last}' is missing`;
  // Our schemas carry their own messages; valibot's defaults all start with 'Invalid'.
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  if (isObjectType || issue.type === 'record') return 'expected a mapping';
  if (issue.type === 'array') return 'expected a list';
  if (issue.type === 'string') return 'expected a string';
  return issue.message;
}
