/** Valibot schema of `on.workflow_call`: the inputs, outputs and secrets of a reusable workflow. */
import * as v from 'valibot';
import { flag, mapOf, mapping, text } from './schema-common.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CALL_INPUT_TYPES = ['boolean', 'number', 'string'] as const;

const name = (what: string) =>
  v.pipe(v.string(), v.regex(NAME, `${what} names must match ^[A-Za-z_][A-Za-z0-9_-]*$`));

const input = mapping({
  description: v.optional(text()),
  type: v.picklist(CALL_INPUT_TYPES, `workflow_call input types are ${CALL_INPUT_TYPES.join(', ')}`),
  required: v.optional(flag()),
  default: v.optional(v.union([v.string(), v.number(), v.boolean()], 'expected a string, number or boolean')),
});

const output = mapping({ description: v.optional(text()), value: text() });

const secret = v.nullable(mapping({ description: v.optional(text()), required: v.optional(flag()) }));

export const workflowCallSchema = v.nullable(
  mapping({
    inputs: v.optional(mapOf(name('input'), input, 'expected a mapping of inputs')),
    outputs: v.optional(mapOf(name('output'), output, 'expected a mapping of outputs')),
    secrets: v.optional(mapOf(name('secret'), secret, 'expected a mapping of secrets')),
  }),
);

export type RawWorkflowCall = v.InferOutput<typeof workflowCallSchema>;
