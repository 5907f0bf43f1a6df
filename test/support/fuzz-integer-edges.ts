/**
 * The integer edges of SQL's column types, sent deterministically to every numeric path
 * parameter of every route (issue #12: `pulls/2147483648` answered 500 from an `int4`
 * column). Each route gets every edge in each of its numeric parameters, the others valid,
 * with the credential that gets the request furthest; every answer must be a 4xx.
 */
import type { FuzzContext } from './fuzz-context.js';
import { type FuzzRequest, shot } from './fuzz-http.js';

/** Just inside and just outside `int4`, 2^32, the exact-double limit 2^53 and `int8`. */
export const INTEGER_EDGES = [
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740991',
  '9007199254740992',
  '9223372036854775807',
  '9223372036854775808',
  '-2147483649',
  '-9223372036854775809',
] as const;

/** Numeric values for JSON bodies: the same edges, as numbers. */
export const INTEGER_EDGE_VALUES = [
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 63,
  -(2 ** 31) - 1,
  -(2 ** 63),
];

const NUMERIC_PARAM = /:(id|stepId|number|index|job)\b/g;

/** Every route with a numeric path parameter × every edge in that parameter. */
export function integerEdgeCases(routes: readonly string[], ctx: FuzzContext): FuzzRequest[] {
  const { w } = ctx;
  const out: FuzzRequest[] = [];
  for (const route of routes) {
    const params = [...route.matchAll(NUMERIC_PARAM)].map((m) => m[1]!);
    for (const param of params) {
      for (const edge of INTEGER_EDGES) {
        const [method, template] = route.split(' ') as [string, string];
        const path = template
          .replace(`:${param}`, edge)
          .replace(':owner', w.owner)
          .replace(':repo', w.publicRepo)
          .replace(':id', String(w.running.id))
          .replace(':stepId', String(w.running.stepIds[0]))
          .replace(/:(number|index|job)\b/, '1');
        const body = method === 'GET' ? undefined : '{}';
        out.push(
          shot(route, { path, auth: credentialFor(template, ctx), body, note: `integer edge ${edge}` }),
        );
      }
    }
  }
  return out;
}

function credentialFor(template: string, { w }: FuzzContext): string | undefined {
  if (template === '/api/v1/jobs/:id/token') return `Bearer ${w.runnerToken}`;
  if (template === '/api/v1/jobs/:id/cancel') return `Bearer ${w.pats.admin}`;
  if (template.startsWith('/api/v1/jobs/')) return `Bearer ${w.running.liveToken}`;
  if (template.startsWith('/api/v1/')) return `Bearer ${w.pats.admin}`;
  return undefined;
}
