/**
 * Request bodies of the runner routes: JSON objects checked with valibot strict schemas,
 * so unknown fields, wrong types and malformed JSON are 400 (SPEC §7) — never a 5xx.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { invalid } from '../../../domain/errors.js';
import { findNulText } from '../nul-text.js';

const MAX_ID = Number.MAX_SAFE_INTEGER;
const id = () => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ID));

export const HeartbeatBody = v.strictObject({
  labels: v.nullish(v.pipe(v.array(v.string()), v.maxLength(100))),
  capacity: v.nullish(v.pipe(v.number(), v.integer())),
  host_name: v.nullish(v.string()),
  version: v.nullish(v.string()),
  active_job_ids: v.nullish(v.pipe(v.array(id()), v.maxLength(1000))),
  wait_seconds: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(50))),
});

export const LogBody = v.strictObject({
  seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647)),
  chunk: v.string(),
  step_id: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_ID))),
});

export const StatusBody = v.strictObject({
  status: v.string(),
  conclusion: v.nullish(v.string()),
  started_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
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
