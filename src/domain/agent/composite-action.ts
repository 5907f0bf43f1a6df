/**
 * Loading a local composite action for a step (`composite-step.ts` runs it): its folder from
 * `uses: ./path`, its `action.yml` (or `action.yaml`) read from the job's workspace — the action
 * is the repository's at the job's commit, so a checkout step must come first, as on GitHub —
 * and its `inputs` bound from the step's `with:`.
 */
import { interpolate } from '../workflows/expressions/template.js';
import { MAX_WORKFLOW_BYTES } from '../workflows/load-yaml.js';
import { type CompositeAction, parseActionFile } from '../workflows/parse-action.js';
import type { ExecuteStepDeps } from './execute-step.js';
import { putValue } from './job-state.js';
import type { expressionContext } from './step-context.js';

const ACTION_FILES = ['action.yml', 'action.yaml'] as const;

/** `./a/b` → `a/b`; null for a path leaving the repository. */
export function actionFolder(uses: string): string | null {
  const parts = uses
    .replace(/^\.\//, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  return parts.length === 0 || parts.includes('..') ? null : parts.join('/');
}

/** The parsed action in `folder` of the workspace, or why there is none to run. */
export async function readAction(
  deps: Pick<ExecuteStepDeps, 'files'>,
  workspace: string,
  folder: string,
): Promise<CompositeAction | string> {
  for (const name of ACTION_FILES) {
    const file = await deps.files.readWorkspaceFile(workspace, `${folder}/${name}`, MAX_WORKFLOW_BYTES);
    if (file === null) continue;
    if (file.overLimit) return `${folder}/${name} is larger than 64 KiB`;
    const parsed = parseActionFile(file.text, `${folder}/${name}`);
    if (parsed.action !== null) return parsed.action;
    return parsed.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => {
        const where = `${folder}/${name}${d.line === null ? '' : `:${d.line}`}`;
        return `${where}: ${d.path === '' ? '' : `${d.path}: `}${d.message}`;
      })
      .join('\n  ');
  }
  return `no action.yml or action.yaml in ${folder} (a local action is read from the workspace: check the repository out first)`;
}

/** The `inputs` context: `with:` values, else defaults (both evaluated where the step stands); GitHub's warnings for the rest. */
export function bindInputs(
  action: CompositeAction,
  given: Record<string, string>,
  context: ReturnType<typeof expressionContext>,
  note: (line: string) => void,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(action.inputs, key));
  if (unknown.length > 0) {
    const valid = Object.keys(action.inputs).join(', ');
    note(`##[warning]Unexpected input(s) '${unknown.join("', '")}', valid inputs are [${valid}]`);
  }
  for (const [name, spec] of Object.entries(action.inputs)) {
    const raw = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (raw === null || raw === undefined) {
      if (spec.required) note(`##[warning]Input required and not supplied: ${name}`);
      putValue(inputs, name, '');
    } else putValue(inputs, name, interpolate(raw, context));
  }
  for (const name of unknown) putValue(inputs, name, interpolate(given[name] ?? '', context));
  return inputs;
}
