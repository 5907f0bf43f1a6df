/** `workflow_dispatch` inputs given by the API or CLI, checked against the declared ones. */
import type { Workflow } from './model.js';
import type { DispatchInput } from './model-triggers.js';

export type DispatchInputValue = string | boolean | number;

export type DispatchInputsResult =
  | { ok: true; inputs: Record<string, DispatchInputValue> }
  | { ok: false; errors: string[] };

/**
 * Types the given inputs: booleans from true/false (or 'true'/'false'), numbers from numeric
 * text, choices only from their options. Missing inputs take their default; a missing required
 * input without one is an error, an optional one is left out. Unknown names are errors.
 */
export function validateDispatchInputs(
  workflow: Workflow,
  given: Readonly<Record<string, unknown>>,
): DispatchInputsResult {
  const declared = workflow.on.workflowDispatch?.inputs;
  if (declared === undefined) return { ok: false, errors: ['the workflow has no workflow_dispatch trigger'] };
  const errors: string[] = [];
  const inputs: Record<string, DispatchInputValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) errors.push(`unknown input '${name}'`);
  }
  for (const [name, spec] of Object.entries(declared)) {
    const raw = Object.hasOwn(given, name) ? given[name] : undefined;
    if (raw === undefined || raw === null) {
      if (spec.default !== null) inputs[name] = coerce(spec, spec.default) ?? String(spec.default);
      else if (spec.required) errors.push(`missing required input '${name}'`);
      continue;
    }
    const value =
      typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? coerce(spec, raw)
        : undefined;
    if (value === undefined) errors.push(problem(name, spec));
    else inputs[name] = value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, inputs };
}

/** The typed value, or undefined when it does not fit the input's type. */
function coerce(spec: DispatchInput, raw: string | number | boolean): DispatchInputValue | undefined {
  const text = String(raw);
  switch (spec.type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(text);
      return text.trim() === '' || !Number.isFinite(n) ? undefined : n;
    }
    case 'choice':
      return spec.options.includes(text) ? text : undefined;
    default:
      return text;
  }
}

function problem(name: string, spec: DispatchInput): string {
  switch (spec.type) {
    case 'boolean':
      return `input '${name}' must be true or false`;
    case 'number':
      return `input '${name}' must be a number`;
    case 'choice':
      return `input '${name}' must be one of ${spec.options.join(', ')}`;
    default:
      return `input '${name}' must be a string`;
  }
}
