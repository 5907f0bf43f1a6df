/** Diagnostics: key paths (`jobs.build.steps[2].uses`) and the file lines they sit on. */
import type { Diagnostic } from './model.js';

export type PathSegment = string | number;

/** Key path → 1-based line of that key (or list item) in the file. */
export type PathLines = ReadonlyMap<string, number>;

/** `['jobs', 'build', 'steps', 2, 'uses']` → `jobs.build.steps[2].uses`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The line of a path, or of its nearest ancestor that has one (a missing key → its mapping). */
export function lineOf(lines: PathLines, path: string): number | null {
  for (let p = path; ; p = parentPath(p)) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return null;
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}

/** Builds diagnostics for one file, looking their lines up as they are added. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  constructor(private readonly lines: PathLines = new Map()) {}

  error(path: string | readonly PathSegment[], message: string): void {
    this.add(path, message, 'error');
  }

  warning(path: string | readonly PathSegment[], message: string): void {
    this.add(path, message, 'warning');
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  private add(
    path: string | readonly PathSegment[],
    message: string,
    severity: Diagnostic['severity'],
  ): void {
    const text = typeof path === 'string' ? path : formatPath(path);
    this.items.push({ path: text, line: lineOf(this.lines, text), message, severity });
  }
}

/** One line for logs and the UI: `<file>:<line>: <path>: <message>`. */
export function formatDiagnostic(diagnostic: Diagnostic, file: string): string {
  const where = diagnostic.line === null ? file : `${file}:${diagnostic.line}`;
  const path = diagnostic.path === '' ? '' : `${diagnostic.path}: `;
  return `${where}: ${diagnostic.severity === 'warning' ? 'warning: ' : ''}${path}${diagnostic.message}`;
}

/** Offset → 1-based line, by binary search over line starts. */
export function lineIndex(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
