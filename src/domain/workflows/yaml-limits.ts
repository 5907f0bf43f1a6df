/**
 * One pass over js-yaml's event stream before anything is built: refuses tags, duplicate and
 * complex keys, more than one document, too many aliases and alias bombs (counting the nodes
 * the aliases would expand to), and records the line of every key path.
 */
import * as yaml from 'js-yaml';
import { DiagnosticList, formatPath, lineIndex, type PathSegment } from './diagnostics.js';

export const MAX_YAML_ALIASES = 100;
/** Nodes after alias expansion; a 64 KiB file without aliases stays far below. */
export const MAX_YAML_NODES = 50_000;

/** Keys that JavaScript objects treat specially; validation would silently drop them. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Frame {
  kind: 'document' | 'mapping' | 'sequence';
  path: PathSegment[];
  anchor: string | null;
  nodes: number;
  keys: Set<string>;
  pendingKey: string | null;
  nextIndex: number;
}

type NodeEvent = Exclude<yaml.Event, yaml.DocumentEvent | yaml.PopEvent>;

/** Checks the events of `source`; returns the key-path lines and any diagnostics. */
export function scanYamlEvents(
  source: string,
  events: readonly yaml.Event[],
): { lines: Map<string, number>; diagnostics: DiagnosticList } {
  const lines = new Map<string, number>([['', 1]]);
  const out = new DiagnosticList(lines);
  const lineAt = lineIndex(source);
  const anchors = new Map<string, number>();
  const stack: Frame[] = [];
  let documents = 0;
  let aliases = 0;
  const frame = (kind: Frame['kind'], path: PathSegment[], anchor: string | null): Frame => ({
    kind,
    path,
    anchor,
    nodes: 1,
    keys: new Set(),
    pendingKey: null,
    nextIndex: 0,
  });

  for (const event of events) {
    if (event.type === yaml.EVENT_ID.DOCUMENT) {
      documents += 1;
      if (documents > 1) out.error('', 'the file holds more than one YAML document');
      stack.push(frame('document', [], null));
      continue;
    }
    if (event.type === yaml.EVENT_ID.POP) {
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (done && parent) parent.nodes += done.nodes;
      if (done?.anchor) anchors.set(done.anchor, done.nodes);
      if (parent && parent.nodes > MAX_YAML_NODES) return bomb(lines, out);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (!parent) continue;
    const offset = startOf(event);
    if (parent.kind === 'mapping' && parent.pendingKey === null) {
      if (event.type !== yaml.EVENT_ID.SCALAR) {
        out.error(parent.path, 'keys must be plain strings');
        return { lines, diagnostics: out };
      }
      const key = yaml.getScalarValue(source, event);
      const path = [...parent.path, key];
      lines.set(formatPath(path), lineAt(offset));
      if (parent.keys.has(key)) out.error(path, `duplicate key '${key}'`);
      if (RESERVED_KEYS.has(key)) out.error(path, `the key '${key}' is reserved`);
      parent.keys.add(key);
      parent.pendingKey = key;
      parent.nodes += 1;
      continue;
    }
    const path = childPath(parent);
    if (parent.kind === 'sequence') lines.set(formatPath(path), lineAt(offset));
    if (hasTag(event)) out.error(path, 'YAML tags (!tag) are not allowed');
    const anchor =
      event.type !== yaml.EVENT_ID.ALIAS && event.anchorStart >= 0
        ? source.slice(event.anchorStart, event.anchorEnd)
        : null;
    if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) {
      stack.push(frame(event.type === yaml.EVENT_ID.MAPPING ? 'mapping' : 'sequence', path, anchor));
      continue;
    }
    if (event.type === yaml.EVENT_ID.ALIAS) {
      aliases += 1;
      if (aliases > MAX_YAML_ALIASES) {
        out.error(path, `more than ${MAX_YAML_ALIASES} YAML aliases`);
        return { lines, diagnostics: out };
      }
      parent.nodes += anchors.get(source.slice(event.anchorStart, event.anchorEnd)) ?? 1;
      if (parent.nodes > MAX_YAML_NODES) return bomb(lines, out);
    } else {
      parent.nodes += 1;
      if (anchor) anchors.set(anchor, 1);
    }
  }
  return { lines, diagnostics: out };
}

function childPath(parent: Frame): PathSegment[] {
  if (parent.kind === 'sequence') {
    parent.nextIndex += 1;
    return [...parent.path, parent.nextIndex - 1];
  }
  if (parent.kind === 'mapping') {
    const key = parent.pendingKey as string;
    parent.pendingKey = null;
    return [...parent.path, key];
  }
  return parent.path;
}

function bomb(lines: Map<string, number>, out: DiagnosticList) {
  out.error('', `YAML aliases expand to more than ${MAX_YAML_NODES} nodes`);
  return { lines, diagnostics: out };
}

function hasTag(event: NodeEvent): boolean {
  return event.type !== yaml.EVENT_ID.ALIAS && event.tagStart >= 0;
}

function startOf(event: NodeEvent): number {
  if (event.type === yaml.EVENT_ID.SCALAR) return event.valueStart;
  if (event.type === yaml.EVENT_ID.ALIAS) return event.anchorStart;
  return event.start;
}
