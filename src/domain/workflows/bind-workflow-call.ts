/**
 * How a calling job (`jobs.<id>.uses`) binds a reusable workflow's `on.workflow_call`
 * interface, as GitHub checks it: every `with:` key is a declared input and every required one
 * is given (else its default applies), each value has the input's type; a secrets map names only
 * declared secrets and gives every required one (`inherit` passes all). `with:` values and
 * defaults may be `${{ }}` over what is known when the run is planned (`github`, `inputs`,
 * `vars`): a value reading `needs` or `matrix` is refused, since the called jobs are planned at
 * once. Throws DomainError invalid `workflow.call_invalid` naming the job and the key.
 */
import type { JsonObject } from '../../ports/model/run.js';
import { invalid, isDomainError } from '../errors.js';
import type { ExpressionContext } from './expressions/evaluate.js';
import { evaluateTemplate, hasExpression } from './expressions/template.js';
import { type ExprValue, toText } from './expressions/values.js';
import type { ReusableWorkflowCall } from './model-job-parts.js';
import type { WorkflowCallInput, WorkflowCallTrigger } from './model-triggers.js';
import { isPlanTime } from './plan-time-templates.js';

/** The called jobs' `inputs` context. */
export function bindCallInputs(
  caller: string,
  call: ReusableWorkflowCall,
  callee: WorkflowCallTrigger,
  context: ExpressionContext,
): JsonObject {
  const refuse = (message: string) => invalid('workflow.call_invalid', `job ${caller}: ${message}`);
  for (const key of Object.keys(call.with))
    if (!Object.hasOwn(callee.inputs, key)) throw refuse(`${call.path} has no input '${key}'`);
  const inputs: JsonObject = {};
  for (const [name, spec] of Object.entries(callee.inputs)) {
    const given = Object.hasOwn(call.with, name) ? call.with[name] : undefined;
    if (given === undefined && spec.required)
      throw refuse(`the required input '${name}' of ${call.path} is missing`);
    const raw = given ?? spec.default;
    const value =
      raw === null || raw === undefined
        ? emptyOf(spec)
        : evaluated(raw, context, (m) => refuse(`with.${name}: ${m}`));
    inputs[name] = typed(value, spec, (m) => refuse(`with.${name}: ${m}`));
  }
  return inputs;
}

/** Checks the secrets the call passes against the ones the called workflow declares. */
export function checkCallSecrets(
  caller: string,
  call: ReusableWorkflowCall,
  callee: WorkflowCallTrigger,
): void {
  if (call.secrets === 'inherit') return;
  const passed = call.secrets;
  for (const name of Object.keys(passed))
    if (!Object.hasOwn(callee.secrets, name))
      throw invalid('workflow.call_invalid', `job ${caller}: ${call.path} has no secret '${name}'`);
  for (const [name, spec] of Object.entries(callee.secrets))
    if (spec.required && !Object.hasOwn(passed, name))
      throw invalid(
        'workflow.call_invalid',
        `job ${caller}: the required secret '${name}' of ${call.path} is not passed`,
      );
}

function evaluated(
  raw: string | number | boolean,
  context: ExpressionContext,
  refuse: (message: string) => Error,
): ExprValue {
  if (typeof raw !== 'string' || !hasExpression(raw)) return raw;
  try {
    if (!isPlanTime(raw))
      throw refuse(
        'only github, inputs and vars are known when a called workflow is planned (not needs or matrix)',
      );
    return evaluateTemplate(raw, context);
  } catch (err) {
    if (isDomainError(err) && err.code === 'workflow.call_invalid') throw err;
    throw refuse(err instanceof Error ? err.message : String(err));
  }
}

function emptyOf(spec: WorkflowCallInput): string | number | boolean {
  return spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
}

function typed(
  value: ExprValue,
  spec: WorkflowCallInput,
  refuse: (m: string) => Error,
): string | number | boolean {
  if (spec.type === 'string') return typeof value === 'string' ? value : toText(value);
  if (spec.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw refuse(`expected a boolean, not '${toText(value)}'`);
  }
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number)) throw refuse(`expected a number, not '${toText(value)}'`);
  return number;
}
