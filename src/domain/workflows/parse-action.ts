/**
 * A local action's `action.yml` (GitHub's metadata syntax), of which only composite actions run
 * here: `inputs` (`description`, `required`, `default`), `outputs` (`value:` templates over the
 * action's steps), `runs: {using: composite, steps}`. Steps are read like a job's steps
 * (`readSteps`), so the same keys, `uses:` and `shell:` rules hold; their expressions are checked
 * when the runner evaluates them. Never throws on user input.
 */
import * as v from 'valibot';
import { DiagnosticList } from './diagnostics.js';
import { loadYaml } from './load-yaml.js';
import type { Diagnostic, WorkflowStep } from './model.js';
import { readSteps } from './read-steps.js';
import { flag, mapOf, mapping, scalarText, text } from './schema-common.js';
import { reportIssues } from './schema-issues.js';
import { stepSchema } from './schema-steps.js';

export interface CompositeAction {
  name: string;
  inputs: Record<string, { required: boolean; default: string | null }>;
  /** Output name → template over the action's `steps` and `inputs`. */
  outputs: Record<string, string>;
  steps: WorkflowStep[];
}

export interface ParsedAction {
  /** Null when any diagnostic is an error. */
  action: CompositeAction | null;
  diagnostics: Diagnostic[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const name = (what: string) => v.pipe(v.string(), v.regex(NAME, `${what} names must match ${NAME.source}`));

const actionSchema = mapping({
  name: v.optional(text()),
  author: v.optional(text()),
  description: v.optional(text()),
  branding: v.optional(v.unknown()),
  inputs: v.optional(
    mapOf(
      name('input'),
      v.nullable(
        mapping({
          description: v.optional(text()),
          required: v.optional(flag()),
          default: v.optional(scalarText()),
          deprecationMessage: v.optional(text()),
        }),
      ),
      'expected a mapping of inputs',
    ),
  ),
  outputs: v.optional(
    mapOf(
      name('output'),
      mapping({ description: v.optional(text()), value: v.optional(text()) }),
      'expected a mapping of outputs',
    ),
  ),
  runs: mapping(
    {
      using: text(),
      steps: v.optional(v.array(stepSchema, 'expected a list of steps')),
      main: v.optional(v.unknown()),
      pre: v.optional(v.unknown()),
      post: v.optional(v.unknown()),
      image: v.optional(v.unknown()),
      args: v.optional(v.unknown()),
      entrypoint: v.optional(v.unknown()),
      env: v.optional(v.unknown()),
    },
    'expected runs: {using: composite, steps: [...]}',
  ),
});

/** Parses `text`, the file `file` of a local action. */
export function parseActionFile(text: string, file: string): ParsedAction {
  try {
    return parse(text, file);
  } catch {
    const message = 'the action could not be parsed (internal error)';
    return { action: null, diagnostics: [{ path: '', line: null, message, severity: 'error' }] };
  }
}

function parse(text: string, file: string): ParsedAction {
  const loaded = loadYaml(text);
  if (!loaded.ok) return { action: null, diagnostics: loaded.diagnostics.map(withoutColumn) };
  const out = new DiagnosticList(loaded.positions);
  const result = v.safeParse(actionSchema, loaded.data, { abortEarly: false });
  if (!result.success) {
    reportIssues(result.issues, out);
    return { action: null, diagnostics: out.items.map(withoutColumn) };
  }
  const raw = result.output;
  if (raw.runs.using !== 'composite')
    out.error(
      ['runs', 'using'],
      `only composite actions run here (runs.using: composite), not '${raw.runs.using}'`,
    );
  else if (raw.runs.steps === undefined) out.error(['runs', 'steps'], "required key 'steps' is missing");
  const outputs: Record<string, string> = {};
  for (const [key, output] of Object.entries(raw.outputs ?? {})) {
    if (output.value === undefined) out.error(['outputs', key, 'value'], "required key 'value' is missing");
    outputs[key] = output.value ?? '';
  }
  const action: CompositeAction = {
    name: raw.name ?? file,
    inputs: Object.fromEntries(
      Object.entries(raw.inputs ?? {}).map(([key, input]) => [
        key,
        { required: input?.required ?? false, default: input?.default ?? null },
      ]),
    ),
    outputs,
    steps: readSteps(raw.runs.steps ?? [], ['runs', 'steps'], out),
  };
  return { action: out.hasErrors ? null : action, diagnostics: out.items.map(withoutColumn) };
}

function withoutColumn({ column: _column, ...d }: Diagnostic & { column: number | null }): Diagnostic {
  return d;
}
