/** Diagnostics: key paths (`jobs.build.steps[2].uses`) and the source positions they sit at. */
import type { Diagnostic } from './model.js';

export type PathSegment = string | number;

/** 1-based line and column in the workflow text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Key path → position of that key (or list item) in the file. */
export type PathPositions = ReadonlyMap<string, SourcePosition>;

/** A diagnostic with the column of its key too (`checkWorkflowFile` prints it). */
export interface LocatedDiagnostic extends Diagnostic {
  column: number | null;
}

/** `['jobs', 'build', 'steps', 2, 'uses']` → `jobs.build.steps[2].uses`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The position of a path, or of its nearest ancestor that has one (a missing key → its mapping). */
export function positionOf(positions: PathPositions, path: string): SourcePosition | null {
  for (let p = path; ; p = parentPath(p)) {
    const position = positions.get(p);
    if (position !== undefined) return position;
    if (p === '') return null;
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}

/** Builds diagnostics for one file, looking their positions up as they are added. */
export class DiagnosticList {
  readonly items: LocatedDiagnostic[] = [];
  constructor(private readonly positions: PathPositions = new Map()) {}

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
    const at = positionOf(this.positions, text);
    this.items.push({ path: text, line: at?.line ?? null, column: at?.column ?? null, message, severity });
  }
}

/** One line for logs and the UI: `<file>:<line>: <path>: <message>`. */
export function formatDiagnostic(diagnostic: Diagnostic, file: string): string {
  const where = diagnostic.line === null ? file : `${file}:${diagnostic.line}`;
  const path = diagnostic.path === '' ? '' : `${diagnostic.path}: `;
  return `${where}: ${diagnostic.severity === 'warning' ? 'warning: ' : ''}${path}${diagnostic.message}`;
}

/** Offset → 1-based line and column, by binary search over line starts. */
export function positionIndex(source: string): (offset: number) => SourcePosition {
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
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}
