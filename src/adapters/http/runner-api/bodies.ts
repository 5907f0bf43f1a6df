/**
 * Request bodies of the runner routes: JSON objects checked with valibot strict schemas,
 * so unknown fields, wrong types and malformed JSON are 400 (SPEC §7) — never a 5xx.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { MAX_ANNOTATION_MESSAGE } from '../../../domain/agent/workflow-commands.js';
import { invalid } from '../../../domain/errors.js';
import { INT4, INT8 } from '../../../domain/integer-ranges.js';
import { MAX_JOB_OUTPUTS_BYTES, MAX_STEP_SUMMARY_BYTES } from '../../../domain/runner-api/report-extras.js';
import { findNulText } from '../nul-text.js';

const MAX_ID = INT8.max;
const id = () => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ID));

export const HeartbeatBody = v.strictObject({
  labels: v.nullish(v.pipe(v.array(v.string()), v.maxLength(100))),
  capacity: v.nullish(v.pipe(v.number(), v.integer())),
  host_name: v.nullish(v.string()),
  version: v.nullish(v.string()),
  active_job_ids: v.nullish(v.pipe(v.array(id()), v.maxLength(1000))),
  wait_seconds: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(50))),
});

/** Extension: values `::add-mask::` added (the server masks them from then on too). */
const AddMasks = v.nullish(v.pipe(v.array(v.pipe(v.string(), v.maxBytes(64 * 1024))), v.maxLength(100)));

export const LogBody = v.strictObject({
  seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(INT4.max)),
  chunk: v.string(),
  step_id: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_ID))),
  add_masks: AddMasks,
});

const STATUS_FIELDS = {
  status: v.string(),
  conclusion: v.nullish(v.string()),
  started_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
};

export const StatusBody = v.strictObject(STATUS_FIELDS);

const position = v.nullish(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000)));
const shortText = v.nullish(v.pipe(v.string(), v.maxLength(1024)));
const AnnotationBody = v.strictObject({
  level: v.picklist(['error', 'warning', 'notice']),
  message: v.pipe(v.string(), v.maxLength(MAX_ANNOTATION_MESSAGE)),
  title: shortText,
  file: shortText,
  line: position,
  end_line: position,
  column: position,
  end_column: position,
});
const annotations = (max: number) => v.nullish(v.pipe(v.array(AnnotationBody), v.maxLength(max)));

/** A step status, with the extensions: its summary, its annotations, new masks. */
export const StepStatusBody = v.strictObject({
  ...STATUS_FIELDS,
  add_masks: AddMasks,
  summary: v.nullish(v.pipe(v.string(), v.maxBytes(MAX_STEP_SUMMARY_BYTES))),
  annotations: annotations(30),
});

/** A job status, with the extensions: its outputs (at most 1 MiB), its own annotations, new masks. */
export const JobStatusBody = v.strictObject({
  ...STATUS_FIELDS,
  add_masks: AddMasks,
  annotations: annotations(10),
  outputs: v.nullish(
    v.pipe(
      v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(1024)), v.string()),
      v.check(
        (outputs) =>
          Object.entries(outputs).reduce(
            (n, [k, val]) => n + Buffer.byteLength(k) + Buffer.byteLength(val),
            0,
          ) <= MAX_JOB_OUTPUTS_BYTES,
        'outputs hold more than 1 MiB',
      ),
    ),
  ),
});

export const EmptyBody = v.strictObject({});

/**
 * Reads and validates the JSON body. An empty body counts as `{}` when `emptyIsObject`;
 * otherwise, like malformed JSON, a schema mismatch or a string holding U+0000 (see
 * `nul-text.ts`), it is invalid `request.invalid_body`.
 */
export async function readBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  opts: { emptyIsObject: boolean },
): Promise<v.InferOutput<S>> {
  const text = await c.req.text();
  let value: unknown;
  if (text.trim() === '' && opts.emptyIsObject) value = {};
  else {
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid('request.invalid_body', 'request body must be a JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('request.invalid_body', 'request body must be a JSON object');
  }
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw invalid('request.invalid_body', describeIssue(parsed.issues[0]));
  const nul = findNulText(parsed.output);
  if (nul !== undefined) {
    throw invalid(
      'request.invalid_body',
      `field ${JSON.stringify(nul.slice(0, 100))} must not contain NUL characters`,
    );
  }
  return parsed.output;
}

/** Names the offending field without echoing its value. */
function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  const path = (issue?.path ?? []).map((item) => String(item.key)).join('.');
  const field = JSON.stringify(path.slice(0, 100));
  if (path === '') return 'request body must be a JSON object';
  if (issue?.expected === 'never') return `unknown field ${field}`;
  if (issue?.type === 'strict_object' && issue.received === 'undefined') return `field ${field} is required`;
  return `field ${field} is invalid: expected ${issue?.expected ?? issue?.type}`;
}
