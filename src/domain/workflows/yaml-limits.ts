/**
 * One pass over js-yaml's event stream before anything is built: refuses tags, duplicate and
 * complex keys, more than one document, too many aliases and alias bombs (counting the nodes
 * the aliases would expand to), and records the position of every key path.
 */
import * as yaml from 'js-yaml';
import type { SourcePosition } from './diagnostics.js';
import { DiagnosticList, formatPath, type PathSegment, positionIndex } from './diagnostics.js';

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

/** Checks the events of `source`; returns the key-path positions and any diagnostics. */
export function scanYamlEvents(
  source: string,
  events: readonly yaml.Event[],
): { positions: Map<string, SourcePosition>; diagnostics: DiagnosticList } {
  const scan = new EventScan(source);
  for (const event of events) {
    if (!scan.accept(event)) break;
  }
  return { positions: scan.positions, diagnostics: scan.out };
}

const newFrame = (kind: Frame['kind'], path: PathSegment[], anchor: string | null): Frame => {
  return { kind, path, anchor, nodes: 1, keys: new Set(), pendingKey: null, nextIndex: 0 };
};

/** The walk's state; each handler returns false when scanning must stop. */
class EventScan {
  readonly positions = new Map<string, SourcePosition>([['', { line: 1, column: 1 }]]);
  readonly out = new DiagnosticList(this.positions);
  private readonly positionAt: (offset: number) => SourcePosition;
  private readonly anchors = new Map<string, number>();
  private readonly stack: Frame[] = [];
  private documents = 0;
  private aliases = 0;

  constructor(private readonly source: string) {
    this.positionAt = positionIndex(source);
  }

  accept(event: yaml.Event): boolean {
    if (event.type === yaml.EVENT_ID.DOCUMENT) return this.document();
    if (event.type === yaml.EVENT_ID.POP) return this.pop();
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return true;
    if (parent.kind === 'mapping' && parent.pendingKey === null) return this.key(parent, event);
    return this.node(parent, event);
  }

  private document(): boolean {
    this.documents += 1;
    if (this.documents > 1) this.out.error('', 'the file holds more than one YAML document');
    this.stack.push(newFrame('document', [], null));
    return true;
  }

  /** A closed collection adds its expanded size to its parent and to its anchor. */
  private pop(): boolean {
    const done = this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (done && parent) parent.nodes += done.nodes;
    if (done?.anchor) this.anchors.set(done.anchor, done.nodes);
    return parent === undefined || this.withinNodeLimit(parent);
  }

  private key(parent: Frame, event: NodeEvent): boolean {
    if (event.type !== yaml.EVENT_ID.SCALAR) {
      this.out.error(parent.path, 'keys must be plain strings');
      return false;
    }
    const key = yaml.getScalarValue(this.source, event);
    const path = [...parent.path, key];
    this.positions.set(formatPath(path), this.positionAt(event.valueStart));
    if (parent.keys.has(key)) this.out.error(path, `duplicate key '${key}'`);
    if (RESERVED_KEYS.has(key)) this.out.error(path, `the key '${key}' is reserved`);
    parent.keys.add(key);
    parent.pendingKey = key;
    parent.nodes += 1;
    return true;
  }

  private node(parent: Frame, event: NodeEvent): boolean {
    const path = childPath(parent);
    if (parent.kind === 'sequence') this.positions.set(formatPath(path), this.positionAt(startOf(event)));
    if (event.type === yaml.EVENT_ID.ALIAS) return this.alias(parent, event, path);
    if (event.tagStart >= 0) this.out.error(path, 'YAML tags (!tag) are not allowed');
    const anchor = event.anchorStart >= 0 ? this.source.slice(event.anchorStart, event.anchorEnd) : null;
    if (event.type === yaml.EVENT_ID.SCALAR) {
      parent.nodes += 1;
      if (anchor) this.anchors.set(anchor, 1);
    } else {
      this.stack.push(newFrame(event.type === yaml.EVENT_ID.MAPPING ? 'mapping' : 'sequence', path, anchor));
    }
    return true;
  }

  /** An alias counts as the whole subtree it stands for. */
  private alias(parent: Frame, event: yaml.AliasEvent, path: PathSegment[]): boolean {
    this.aliases += 1;
    if (this.aliases > MAX_YAML_ALIASES) {
      this.out.error(path, `more than ${MAX_YAML_ALIASES} YAML aliases`);
      return false;
    }
    parent.nodes += this.anchors.get(this.source.slice(event.anchorStart, event.anchorEnd)) ?? 1;
    return this.withinNodeLimit(parent);
  }

  private withinNodeLimit(frame: Frame): boolean {
    if (frame.nodes <= MAX_YAML_NODES) return true;
    this.out.error('', `YAML aliases expand to more than ${MAX_YAML_NODES} nodes`);
    return false;
  }
}

/** The path of the next value in a collection; in a mapping it consumes the pending key. */
function childPath(parent: Frame): PathSegment[] {
  if (parent.kind === 'document') return parent.path;
  const segment = parent.kind === 'sequence' ? parent.nextIndex++ : (parent.pendingKey as string);
  parent.pendingKey = null;
  return [...parent.path, segment];
}

function startOf(event: NodeEvent): number {
  if (event.type === yaml.EVENT_ID.SCALAR) return event.valueStart;
  if (event.type === yaml.EVENT_ID.ALIAS) return event.anchorStart;
  return event.start;
}
