/** Builds `Triggers` from the validated `on:` and checks filters, globs and crons. */
import { cronError, nextCronFire } from './cron.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { compileGlob, splitNegation } from './glob.js';
import type { Filter } from './model.js';
import type { DispatchInput, DispatchTrigger, Triggers } from './model-triggers.js';
import { DEFAULT_PULL_REQUEST_TYPES, type RawOn } from './schema-triggers.js';

type RawEvents = Exclude<RawOn, string | string[]>;
type RawFilters = Partial<Record<string, string[] | undefined>>;

/** Reads `on:` in any of its forms; problems go to `out` under `on.…` paths. */
export function readTriggers(raw: RawOn, out: DiagnosticList): Triggers {
  const events: RawEvents = typeof raw === 'string' || Array.isArray(raw) ? bareEvents(raw) : raw;
  const triggers: Triggers = { push: null, pullRequest: null, workflowDispatch: null, schedule: [] };
  if (events.push !== undefined) {
    const f: RawFilters = events.push ?? {};
    const at = ['on', 'push'];
    triggers.push = {
      branches: filter(f, 'branches', at, out),
      tags: filter(f, 'tags', at, out),
      paths: filter(f, 'paths', at, out),
    };
  }
  if (events.pull_request !== undefined) {
    const f: RawFilters = events.pull_request ?? {};
    const at = ['on', 'pull_request'];
    triggers.pullRequest = {
      types: events.pull_request?.types ?? [...DEFAULT_PULL_REQUEST_TYPES],
      branches: filter(f, 'branches', at, out),
      paths: filter(f, 'paths', at, out),
    };
  }
  if (events.workflow_dispatch !== undefined)
    triggers.workflowDispatch = dispatch(events.workflow_dispatch, out);
  events.schedule?.forEach((entry, i) => {
    const problem = cronError(entry.cron);
    const path = ['on', 'schedule', i, 'cron'];
    if (problem) out.error(path, problem);
    else if (nextCronFire(entry.cron, new Date(0)) === null)
      out.warning(path, `cron '${entry.cron}' never fires`);
    triggers.schedule.push(entry.cron);
  });
  return triggers;
}

function bareEvents(raw: string | string[]): RawEvents {
  const names = typeof raw === 'string' ? [raw] : raw;
  return Object.fromEntries(names.map((name) => [name, null]));
}

/** `name` and `name-ignore` exclude each other; every pattern must compile. */
function filter(raw: RawFilters, name: string, at: PathSegment[], out: DiagnosticList): Filter | null {
  const include = raw[name];
  const ignore = raw[`${name}-ignore`];
  if (include && ignore) {
    out.error(
      [...at, `${name}-ignore`],
      `'${name}' and '${name}-ignore' cannot both be set; use '!' patterns in '${name}'`,
    );
  }
  const patterns = include ?? ignore;
  if (!patterns) return null;
  const key = include ? name : `${name}-ignore`;
  patterns.forEach((pattern, i) => {
    const compiled = compileGlob(splitNegation(pattern).glob);
    if (!compiled.ok) out.error([...at, key, i], `bad pattern '${pattern}': ${compiled.error}`);
  });
  return { mode: include ? 'include' : 'ignore', patterns };
}

function dispatch(raw: RawEvents['workflow_dispatch'], out: DiagnosticList): DispatchTrigger {
  const inputs: Record<string, DispatchInput> = {};
  for (const [name, spec] of Object.entries(raw?.inputs ?? {})) {
    const path = ['on', 'workflow_dispatch', 'inputs', name];
    const input: DispatchInput = {
      description: spec?.description ?? '',
      type: spec?.type ?? 'string',
      required: spec?.required ?? false,
      default: spec?.default ?? null,
      options: spec?.options ?? [],
    };
    if (input.type === 'choice' && input.options.length === 0)
      out.error([...path, 'options'], 'a choice input needs options');
    if (input.type !== 'choice' && spec?.options)
      out.error([...path, 'options'], 'only choice inputs take options');
    const problem = input.default === null ? null : defaultProblem(input);
    if (problem) out.error([...path, 'default'], problem);
    inputs[name] = input;
  }
  return { inputs };
}

function defaultProblem(input: DispatchInput): string | null {
  const value = String(input.default);
  if (input.type === 'boolean' && value !== 'true' && value !== 'false')
    return 'the default of a boolean input must be true or false';
  if (input.type === 'number' && (value.trim() === '' || Number.isNaN(Number(value))))
    return 'the default of a number input must be a number';
  if (input.type === 'choice' && !input.options.includes(value))
    return `the default '${value}' is not one of the options`;
  return null;
}
