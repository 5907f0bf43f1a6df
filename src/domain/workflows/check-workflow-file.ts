/**
 * The checker behind `shithubd workflow check FILE…`: parses one file exactly as the server would
 * (no server, no database) and returns every diagnostic with its source position, like a linter.
 *
 * Text output, one line per diagnostic (`formatFileDiagnostic`):
 *   `<file>:<line>:<column>: <error|warning>: <key path>: <message>`
 * e.g. `.shithub/workflows/ci.yml:12:11: error: jobs.build.steps[2].uses: unsupported action 'a/b@v1'`.
 * Line and column are 1-based and point at the key (or list item) the message is about; a problem
 * with the whole file (its size) points at 1:1 and has no key path. `--output json` prints the
 * `FileDiagnostic` objects as they are. Exit status 1 when any diagnostic is an error.
 */
import type { LocatedDiagnostic } from './diagnostics.js';
import { type ParseWorkflowOptions, parseWorkflowSource } from './parse-workflow.js';

export interface FileDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** The key path (`jobs.build.steps[2].uses`); '' for the file as a whole. */
  path: string;
  message: string;
}

/** Every diagnostic of `text` read as the workflow file `path`, in source order. Never throws. */
export function checkWorkflowFile(
  path: string,
  text: string,
  options: ParseWorkflowOptions = {},
): FileDiagnostic[] {
  return parseWorkflowSource(text, path, options)
    .diagnostics.map((d, i) => ({ d: located(path, d), i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

function located(file: string, d: LocatedDiagnostic): FileDiagnostic {
  return {
    file,
    line: d.line ?? 1,
    column: d.column ?? 1,
    severity: d.severity,
    path: d.path,
    message: d.message,
  };
}

/** `file:line:col: severity: path: message` (no path segment for file-level diagnostics). */
export function formatFileDiagnostic(d: FileDiagnostic): string {
  const path = d.path === '' ? '' : `${d.path}: `;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${path}${d.message}`;
}
