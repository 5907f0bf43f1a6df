/** Parses and validates one workflow file (SPEC §6) into a `Workflow` plus diagnostics. */
import * as v from 'valibot';
import { warnCappedTimeouts } from './capped-timeouts.js';
import { checkExpressions } from './check-expressions.js';
import { DiagnosticList, type LocatedDiagnostic } from './diagnostics.js';
import { readIgnoredEvents } from './ignored-events.js';
import { loadYaml } from './load-yaml.js';
import type { Diagnostic, Workflow } from './model.js';
import { mergeDefaults } from './read-job-parts.js';
import { readJobs } from './read-jobs.js';
import { readTriggers } from './read-triggers.js';
import { readWorkflowCall } from './read-workflow-call.js';
import { reportIssues } from './schema-issues.js';
import { workflowSchema } from './schema-jobs.js';

export const DEFAULT_TIMEOUT_MINUTES = 360;

export interface ParseWorkflowOptions {
  /** `timeout-minutes` of jobs that set none (config `actions.default_timeout`); 360 by default. */
  defaultTimeoutMinutes?: number;
}

export interface ParsedWorkflow {
  /** Null when any diagnostic is an error; warnings never make it null. */
  workflow: Workflow | null;
  /** Ordered by line; errors name the key path (`jobs.build.steps[2].uses`). */
  diagnostics: Diagnostic[];
}

/**
 * Parses workflow text. Never throws on user input: size (64 KiB), alias, tag, duplicate-key,
 * schema, trigger, expression, `needs` and matrix problems all come back as diagnostics.
 */
export function parseWorkflow(
  text: string,
  file: string,
  options: ParseWorkflowOptions = {},
): ParsedWorkflow {
  const { workflow, diagnostics } = parseWorkflowSource(text, file, options);
  // Runs store diagnostics as they were before columns existed.
  return { workflow, diagnostics: diagnostics.map(({ column: _column, ...d }) => d) };
}

/** `parseWorkflow` with the column of each diagnostic too (for `checkWorkflowFile`). */
export function parseWorkflowSource(
  text: string,
  file: string,
  options: ParseWorkflowOptions = {},
): { workflow: Workflow | null; diagnostics: LocatedDiagnostic[] } {
  try {
    return parse(text, file, options);
  } catch {
    // A bug here must not become a 5xx for the pusher; the file still gets a failed run.
    const diagnostic: LocatedDiagnostic = {
      path: '',
      line: null,
      column: null,
      message: INTERNAL_ERROR,
      severity: 'error',
    };
    return { workflow: null, diagnostics: [diagnostic] };
  }
}

/** The message of the safety net; tests assert no input reaches it. */
export const INTERNAL_ERROR = 'the workflow could not be parsed (internal error)';

function parse(text: string, file: string, options: ParseWorkflowOptions) {
  const loaded = loadYaml(text);
  if (!loaded.ok) return { workflow: null, diagnostics: loaded.diagnostics };
  const out = new DiagnosticList(loaded.positions);
  if (typeof loaded.data !== 'object' || loaded.data === null || Array.isArray(loaded.data)) {
    out.error('', 'a workflow file must be a mapping with on: and jobs:');
    return { workflow: null, diagnostics: out.items };
  }
  checkExpressions(loaded.data, out);
  // Read from the raw data, so a file with other errors still gets these warnings.
  const ignoredEvents = readIgnoredEvents((loaded.data as Record<string, unknown>).on, out);
  warnCappedTimeouts(loaded.data as Record<string, unknown>, out);
  const result = v.safeParse(workflowSchema, loaded.data, { abortEarly: false });
  if (!result.success) {
    reportIssues(result.issues, out);
    return { workflow: null, diagnostics: byLine(out.items) };
  }
  const raw = result.output;
  const defaults = mergeDefaults({ shell: null, workingDirectory: null }, raw.defaults);
  const workflow: Workflow = {
    file,
    name: raw.name ?? file,
    runName: raw['run-name'] ?? null,
    on: readTriggers(raw.on, out),
    workflowCall: readWorkflowCall(raw.on, out),
    ignoredEvents,
    env: raw.env ?? {},
    permissions: raw.permissions ?? null,
    concurrency: raw.concurrency ?? null,
    defaults,
    jobs: readJobs(
      raw.jobs,
      { timeoutMinutes: options.defaultTimeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES, run: defaults },
      out,
    ),
  };
  return { workflow: out.hasErrors ? null : workflow, diagnostics: byLine(out.items) };
}

/** Stable order by line, file-level diagnostics (no line) first. */
function byLine(items: LocatedDiagnostic[]): LocatedDiagnostic[] {
  return items
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}
