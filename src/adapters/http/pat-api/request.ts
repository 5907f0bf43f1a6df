/** Reading PAT API requests strictly: path ids, query parameters and JSON bodies. */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { type DomainError, invalid } from '../../../domain/errors.js';
import { INT8, type IntegerRange, parsePositiveInteger } from '../../../domain/integer-ranges.js';
import { findNulText } from '../nul-text.js';

/** Large enough for a 48 KiB secret even when every byte arrives JSON-escaped. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * Per-route middleware: bodies over the limit answer 413 before they are read. Node then
 * drops the connection, so the answer says `Connection: close` (a keep-alive client would
 * otherwise send its next request into a closed socket).
 */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    c.json({ error: 'request body is too large', code: 'request.too_large' }, 413, { Connection: 'close' }),
});

/**
 * The path's positive number as stored in a column of `range` (default: a `bigint` row id;
 * `INT4` for run indexes and pull numbers); anything that cannot name a row throws `missing`
 * (a 404), so an out-of-range number never reaches SQL.
 */
export function pathId(
  value: string | undefined,
  missing: () => DomainError,
  range: IntegerRange = INT8,
): number {
  const id = parsePositiveInteger(value, range);
  if (id === undefined) throw missing();
  return id;
}

/**
 * The query parameters, each at most once, each named in `allowed` and free of U+0000
 * (see `nul-text.ts`); throws invalid `request.query_invalid` otherwise.
 */
export function readQuery<K extends string>(c: Context, allowed: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (!(allowed as readonly string[]).includes(key)) {
      throw invalid('request.query_invalid', `unknown query parameter ${JSON.stringify(key)}`);
    }
    if (values.length !== 1) {
      throw invalid('request.query_invalid', `query parameter ${key} must be given once`);
    }
    if (values[0]?.includes('\u0000')) {
      throw invalid('request.query_invalid', `query parameter ${key} must not contain NUL characters`);
    }
    out[key as K] = values[0];
  }
  return out;
}

/**
 * The JSON body validated by `schema` (an empty body reads as `{}`). Throws invalid
 * `request.json_invalid` for text that is not JSON and `request.body_invalid` naming the
 * first bad field (unknown fields included, and strings holding U+0000 — see
 * `nul-text.ts`); never echoes a value.
 */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid('request.json_invalid', 'request body is not valid JSON');
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('request.body_invalid', 'request body must be a JSON object');
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw invalid('request.body_invalid', describeIssue(parsed.issues[0]));
  const nul = findNulText(parsed.output);
  if (nul !== undefined) {
    throw invalid(
      'request.body_invalid',
      `${nul.slice(0, 100) || 'request body'}: must not contain NUL characters`,
    );
  }
  return parsed.output;
}

function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'request body is invalid';
  const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
  if (issue.kind === 'schema' && issue.type === 'strict_object' && path !== '') {
    return `unknown field ${JSON.stringify(path)}`;
  }
  const expected = issue.expected ? `expected ${issue.expected}` : 'invalid value';
  return `${path || 'request body'}: ${expected}`;
}
