/** Builds the `WorkflowCallTrigger` of a reusable workflow from `on.workflow_call`. */
import type { DiagnosticList } from './diagnostics.js';
import type { WorkflowCallInput, WorkflowCallTrigger } from './model-triggers.js';
import type { RawOn } from './schema-triggers.js';

/** Null when the file is not callable; `on: workflow_call` alone gives an empty interface. */
export function readWorkflowCall(raw: RawOn, out: DiagnosticList): WorkflowCallTrigger | null {
  if (typeof raw === 'string' || Array.isArray(raw)) {
    const names: readonly string[] = typeof raw === 'string' ? [raw] : raw;
    return names.includes('workflow_call') ? { inputs: {}, outputs: {}, secrets: {} } : null;
  }
  if (raw.workflow_call === undefined) return null;
  const call = raw.workflow_call ?? {};
  const inputs: Record<string, WorkflowCallInput> = {};
  for (const [name, spec] of Object.entries(call.inputs ?? {})) {
    const input: WorkflowCallInput = {
      description: spec.description ?? '',
      type: spec.type,
      required: spec.required ?? false,
      default: spec.default ?? null,
    };
    if (input.default !== null && typeof input.default !== input.type && !isTemplate(input.default))
      out.error(['on', 'workflow_call', 'inputs', name, 'default'], `the default must be a ${input.type}`);
    inputs[name] = input;
  }
  const outputs = Object.fromEntries(
    Object.entries(call.outputs ?? {}).map(([name, o]) => [
      name,
      { description: o.description ?? '', value: o.value },
    ]),
  );
  const secrets = Object.fromEntries(
    Object.entries(call.secrets ?? {}).map(([name, s]) => [
      name,
      { description: s?.description ?? '', required: s?.required ?? false },
    ]),
  );
  return { inputs, outputs, secrets };
}

const isTemplate = (value: unknown): boolean => typeof value === 'string' && value.includes('${{');
