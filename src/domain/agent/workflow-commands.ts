/**
 * One line of workflow-command syntax on a step's output (GitHub's v2 form):
 * `::name key=value,key=value::message`, leading white space allowed. The message unescapes
 * `%0D`, `%0A` and `%25`; property values also `%3A` and `%2C`.
 */
import type { Annotation, AnnotationLevel } from '../../ports/model/annotation.js';

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
}

/** The command a line holds, or null when it is plain text. */
export function parseWorkflowCommand(line: string): WorkflowCommand | null {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('::')) return null;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return null;
  const info = trimmed.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (name === '') return null;
  const properties: Record<string, string> = {};
  const list = space < 0 ? '' : info.slice(space + 1).trim();
  for (const pair of list.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = pair.slice(0, equals).trim();
    Object.defineProperty(properties, key, {
      value: unescapeProperty(pair.slice(equals + 1)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { name, properties, message: unescapeData(trimmed.slice(end + 2)) };
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}

export const MAX_ANNOTATION_MESSAGE = 4096;
const MAX_ANNOTATION_FIELD = 1024;

/**
 * The annotation of an `::error|warning|notice …::` command: GitHub's properties `file`,
 * `line`, `endLine`, `col`, `endColumn`, `title`; numbers that are not positive whole
 * numbers are dropped, long texts cut.
 */
export function annotationOf(level: AnnotationLevel, command: WorkflowCommand): Annotation {
  const p = command.properties;
  const text = (value: string | undefined, max: number) =>
    value === undefined || value === '' ? null : value.slice(0, max);
  const whole = (value: string | undefined) =>
    value !== undefined && /^[1-9][0-9]{0,8}$/.test(value.trim()) ? Number(value.trim()) : null;
  return {
    level,
    message: command.message.slice(0, MAX_ANNOTATION_MESSAGE),
    title: text(p.title, MAX_ANNOTATION_FIELD),
    file: text(p.file, MAX_ANNOTATION_FIELD),
    line: whole(p.line),
    endLine: whole(p.endLine),
    column: whole(p.col),
    endColumn: whole(p.endColumn),
  };
}
