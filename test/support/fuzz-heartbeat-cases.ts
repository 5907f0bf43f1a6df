/**
 * Hostile requests for the routes a registration token opens (SPEC §7.1–7.2): the
 * heartbeat and the chain recovery. A bad credential comes with a valid body; the live
 * registration token comes with a bad body or a job that is not running on its runner.
 */

import fc from 'fast-check';
import { bearer, type FuzzContext, json, notRegistrationToken, withField } from './fuzz-context.js';
import type { FuzzRequest } from './fuzz-http.js';
import { shot } from './fuzz-http.js';
import {
  anyQuery,
  badId,
  binaryBody,
  contentType,
  deepJson,
  malformedJson,
  nonObjectJson,
  withUnknownField,
  wrongType,
} from './fuzz-inputs.js';
import { INTEGER_EDGE_VALUES } from './fuzz-integer-edges.js';

const HEARTBEAT = 'POST /api/v1/runners/heartbeat';
const TOKEN = 'POST /api/v1/jobs/:id/token';
const HEARTBEAT_KEYS = ['labels', 'capacity', 'host_name', 'version', 'active_job_ids', 'wait_seconds'];

const validHeartbeat = fc.constantFrom(
  '{}',
  '',
  '{"labels":["macos"],"capacity":2}',
  '{"active_job_ids":[1,2,3]}',
  '{"wait_seconds":50}',
  json({ labels: ['ubuntu-latest'], capacity: 1, host_name: 'x', version: 'y' }),
);

const OUTSIDE_INT8 = INTEGER_EDGE_VALUES.filter((n) => n < 1 || n > Number.MAX_SAFE_INTEGER);

/** Bodies the heartbeat must refuse (SPEC §7.1 field rules; capacity 0 keeps the stored one). */
const badHeartbeat = fc.oneof(
  malformedJson,
  nonObjectJson,
  deepJson('labels'),
  withUnknownField({ capacity: 1 }, HEARTBEAT_KEYS),
  withField(
    {},
    'labels',
    fc.oneof(wrongType('array'), fc.array(wrongType('string'), { minLength: 1, maxLength: 3 })),
  ),
  withField(
    {},
    'labels',
    fc.constantFrom(['bad label'], ['a'.repeat(101)], ['x/y'], ['$HOME'], ['ü'], Array(101).fill('x')),
  ),
  withField(
    {},
    'capacity',
    fc.oneof(wrongType('integer'), fc.constantFrom(65, 1000, -1, 1.5, 1e300, ...INTEGER_EDGE_VALUES)),
  ),
  withField({}, 'host_name', fc.oneof(wrongType('string'), fc.constantFrom('\u0000', 'host\u0000name'))),
  withField({}, 'version', fc.oneof(wrongType('string'), fc.constantFrom('\u0000', 'v1\u0000'))),
  withField(
    {},
    'active_job_ids',
    fc.oneof(
      wrongType('array'),
      fc.constantFrom([0], [-1], [1.5], ['1'], [2 ** 53], Array(1001).fill(1)),
      fc.constantFrom(...OUTSIDE_INT8).map((id) => [id]),
    ),
  ),
  withField({}, 'wait_seconds', fc.oneof(wrongType('number'), fc.constantFrom(-1, 51, 1e9, -0.5))),
  fc.constant(json({ host_name: 'x'.repeat(1 << 20) })),
);

export function heartbeatCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const live = bearer(w.runnerToken);
  const path = '/api/v1/runners/heartbeat';
  const tokenPath = (id: number | string, q = '') => `/api/v1/jobs/${id}/token${q}`;
  return {
    [HEARTBEAT]: fc.oneof(
      fc
        .tuple(notRegistrationToken(ctx), validHeartbeat, anyQuery)
        .map(([auth, body, q]) => shot(HEARTBEAT, { path: path + q, auth, body, note: 'credential' })),
      fc.constant(shot(HEARTBEAT, { path, body: '{}', note: 'no credential' })),
      fc
        .tuple(badHeartbeat, contentType)
        .map(([body, type]) => shot(HEARTBEAT, { path, auth: live, body, contentType: type, note: 'body' })),
      binaryBody.map((body) => shot(HEARTBEAT, { path, auth: live, body, note: 'binary body' })),
    ),
    [TOKEN]: fc.oneof(
      fc
        .tuple(notRegistrationToken(ctx), anyQuery, fc.constantFrom('', '{}'))
        .map(([auth, q, body]) =>
          shot(TOKEN, { path: tokenPath(w.running.id, q), auth, body, note: 'credential' }),
        ),
      fc.oneof(badId, fc.constantFrom(String(w.queuedJobId), String(w.done.id), '99999999')).map((id) =>
        shot(TOKEN, {
          path: tokenPath(id),
          auth: live,
          body: '{}',
          note: 'job not running on this runner',
        }),
      ),
      fc
        .oneof(malformedJson, nonObjectJson, withUnknownField({}), binaryBody)
        .map((body) => shot(TOKEN, { path: tokenPath(w.running.id), auth: live, body, note: 'body' })),
    ),
  };
}
