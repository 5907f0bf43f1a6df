/** Turns workflow text into plain data within the limits of SPEC §6, never throwing. */
import * as yaml from 'js-yaml';
import type { LocatedDiagnostic, PathPositions } from './diagnostics.js';
import { MAX_YAML_ALIASES, scanYamlEvents } from './yaml-limits.js';

export const MAX_WORKFLOW_BYTES = 64 * 1024;
const MAX_YAML_DEPTH = 64;

export type LoadedYaml =
  | { ok: true; data: unknown; positions: PathPositions }
  | { ok: false; diagnostics: LocatedDiagnostic[] };

const failure = (message: string, line: number | null = null, column: number | null = null): LoadedYaml => ({
  ok: false,
  diagnostics: [{ path: '', line, column, message, severity: 'error' }],
});

/**
 * Loads one YAML document with the core schema (no custom tags, no merge keys). A text over
 * 64 KiB is refused before parsing; the event pass refuses alias bombs before anything is built.
 */
export function loadYaml(text: string): LoadedYaml {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is refused unread.
  const bytes = text.length > MAX_WORKFLOW_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_WORKFLOW_BYTES) {
    return failure(`the file is larger than 64 KiB (${MAX_WORKFLOW_BYTES} bytes), the limit for a workflow`);
  }
  let events: yaml.Event[];
  try {
    events = yaml.parseEvents(text, { maxDepth: MAX_YAML_DEPTH });
  } catch (err) {
    return yamlFailure(err);
  }
  const scan = scanYamlEvents(text, events);
  if (scan.diagnostics.hasErrors) return { ok: false, diagnostics: scan.diagnostics.items };
  try {
    const docs = yaml.constructFromEvents(events, { source: text, maxAliases: MAX_YAML_ALIASES });
    if (docs.length === 0 || docs[0] === null || docs[0] === undefined)
      return failure('the file is empty', 1, 1);
    return { ok: true, data: docs[0], positions: scan.positions };
  } catch (err) {
    return yamlFailure(err);
  }
}

function yamlFailure(err: unknown): LoadedYaml {
  if (err instanceof yaml.YAMLException) {
    const mark = err.mark;
    return failure(`invalid YAML: ${err.reason}`, mark ? mark.line + 1 : null, mark ? mark.column + 1 : null);
  }
  return failure('invalid YAML');
}
