/**
 * Hostile requests for the job calls of SPEC §7.2 (logs, step status, job status, cancel
 * check). A bad or foreign job token comes with a valid body, so the token is what is
 * refused; the live token comes with a body that is certainly wrong, a step of another
 * job, or an illegal transition — refusals that must not spend the token.
 */

import fc from 'fast-check';
import { decodeLogChunk } from '../../src/domain/runner-api/append-log-chunk.js';
import { bearer, type FuzzContext, json, notJobToken, withField } from './fuzz-context.js';
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

const LOGS = 'POST /api/v1/jobs/:id/logs';
const STEP = 'POST /api/v1/jobs/:id/steps/:stepId/status';
const STATUS = 'POST /api/v1/jobs/:id/status';
const CANCEL_CHECK = 'POST /api/v1/jobs/:id/cancel-check';
const STATUS_KEYS = ['status', 'conclusion', 'started_at', 'completed_at'];

const notBase64 = fc
  .oneof(
    fc.constantFrom(
      '!!!!',
      'a',
      'aGVsbG8===',
      'aGk=aGk=',
      'aGk= ',
      'é',
      '',
      '====',
      'a===',
      '-_-_',
      'aGk=\u0000',
    ),
    fc.string({ maxLength: 40 }),
  )
  .filter((s) => {
    try {
      decodeLogChunk(s);
      return false;
    } catch {
      return true;
    }
  });

/** Status bodies refused whatever the current status (bad values, times, fields). */
const badStatus = [
  withField(
    { status: 'running' },
    'status',
    fc.oneof(
      wrongType('string'),
      fc.constantFrom('bogus', 'RUNNING', ' running', 'in_progress', 'success', ''),
    ),
  ),
  fc.constantFrom(
    json({ status: 'completed' }),
    json({ status: 'completed', conclusion: 'bogus' }),
    json({ status: 'running', conclusion: 'success' }),
    json({ status: 'queued' }),
    json({ status: 'completed', conclusion: 'success', started_at: 'yesterday' }),
    json({ status: 'completed', conclusion: 'success', completed_at: '2026-13-01T00:00:00Z' }),
    json({ status: 'completed', conclusion: 'success', started_at: '2026-01-01T25:61:61Z' }),
  ),
  withField({ status: 'completed', conclusion: 'success' }, 'conclusion', wrongType('string')),
  withField({ status: 'cancelled' }, 'started_at', wrongType('string')),
  withField(
    { status: 'cancelled' },
    'completed_at',
    fc.oneof(wrongType('string'), fc.constantFrom('1', 'now', '2026-01-01')),
  ),
  withUnknownField({ status: 'cancelled' }, STATUS_KEYS),
  deepJson('status'),
];

const ended = { status: 'completed', conclusion: 'success' };
/** Workflow-parity fields with values the validators refuse (so the live token is never spent). */
const badExtras = [
  withField(ended, 'add_masks', fc.oneof(wrongType('array'), fc.constantFrom([1], ['x'.repeat(70_000)]))),
  withField(
    ended,
    'annotations',
    fc.oneof(
      wrongType('array'),
      fc.constantFrom(
        [{ level: 'fatal', message: 'm' }],
        [{ level: 'error' }],
        [{ level: 'error', message: 'm', line: 0 }],
      ),
    ),
  ),
];
const badStepExtras = [
  ...badExtras,
  withField(ended, 'summary', wrongType('string')),
  fc.constantFrom(
    json({ ...ended, outputs: { v: '1' } }),
    json({ ...ended, summary: 'x'.repeat(1024 * 1024 + 1) }),
  ),
];
const badJobExtras = [
  ...badExtras,
  withField(ended, 'outputs', fc.oneof(wrongType('object'), fc.constantFrom({ v: 1 }, { '': 'x' }))),
  fc.constantFrom(
    json({ ...ended, summary: 'x' }),
    json({ ...ended, outputs: { a: 'x'.repeat(1024 * 1024 + 1) } }),
  ),
];

export function jobCallCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const job = w.running;
  const live = bearer(job.liveToken);
  const jobPath = (id: number | string, rest: string) => `/api/v1/jobs/${id}${rest}`;
  /** A live job token sent for a job it does not name (or a path that names no job). */
  const wrongJob = fc.oneof(
    fc
      .constantFrom(w.privateJob.liveToken, w.done.staleToken)
      .map((token) => ({ id: String(job.id), token })),
    fc.constantFrom(w.privateJob.id, w.done.id, w.queuedJobId, job.id + 1000).map((id) => ({
      id: String(id),
      token: job.liveToken,
    })),
    badId.map((id) => ({ id, token: job.liveToken })),
  );
  /** The families every job call gets: bad credentials, wrong jobs, junk and `bad` bodies. */
  const jobCall = (
    route: string,
    rest: string,
    valid: string,
    emptyIsObject: boolean,
    bad: fc.Arbitrary<string>[],
  ) => {
    const junk = fc.oneof(
      malformedJson,
      nonObjectJson,
      deepJson('x'),
      ...(emptyIsObject ? [] : [fc.constantFrom('', '   ', '\n')]),
      ...bad,
    );
    const path = jobPath(job.id, rest);
    return fc.oneof(
      fc
        .tuple(notJobToken(ctx), anyQuery)
        .map(([auth, q]) => shot(route, { path: path + q, auth, body: valid, note: 'credential' })),
      fc.constant(shot(route, { path, body: valid, note: 'no credential' })),
      wrongJob.map(({ id, token }) =>
        shot(route, { path: jobPath(id, rest), auth: bearer(token), body: valid, note: 'wrong job' }),
      ),
      fc
        .tuple(junk, contentType)
        .map(([body, type]) => shot(route, { path, auth: live, body, contentType: type, note: 'body' })),
      binaryBody.map((body) => shot(route, { path, auth: live, body, note: 'binary body' })),
    );
  };

  const log = { seq: 7, chunk: 'aGVsbG8=', step_id: job.stepIds[1] };
  const stepOf = (stepId: number | string, body: string, note: string) =>
    shot(STEP, { path: jobPath(job.id, `/steps/${stepId}/status`), auth: live, body, note });
  return {
    [LOGS]: jobCall(LOGS, '/logs', json(log), false, [
      withField(
        log,
        'seq',
        fc.oneof(
          wrongType('integer'),
          fc.constantFrom(
            -1,
            1.5,
            2 ** 31,
            1e308,
            ...INTEGER_EDGE_VALUES.filter((n) => n < 0 || n > 2 ** 31 - 1),
          ),
        ),
      ),
      withField(log, 'chunk', fc.oneof(wrongType('string'), notBase64)),
      withField(
        log,
        'step_id',
        fc.oneof(
          wrongType('integer'),
          fc.constantFrom(-1, 1.5, 2 ** 53, 99_999_999, w.privateJob.stepIds[0], ...INTEGER_EDGE_VALUES),
        ),
      ),
      fc.constantFrom(json({ chunk: 'aGk=' }), json({ seq: 1 })),
      withField(log, 'add_masks', fc.oneof(wrongType('array'), fc.constant([7]))),
      fc.constantFrom(
        json({ ...log, chunk: 'A'.repeat(700_000) }),
        json({ ...log, chunk: 'A'.repeat(1 << 20) }),
      ),
      withUnknownField(log),
    ]),
    [STEP]: fc.oneof(
      jobCall(STEP, `/steps/${job.stepIds[1]}/status`, json({ status: 'running' }), false, [
        ...badStatus,
        ...badStepExtras,
      ]),
      fc
        .oneof(badId, fc.constantFrom(String(w.privateJob.stepIds[0]), '99999999'))
        .map((stepId) => stepOf(stepId, json({ status: 'running' }), 'wrong step')),
      fc
        .constantFrom('running', 'cancelled', 'skipped', 'queued')
        .map((status) => stepOf(job.stepIds[0]!, json({ status }), 'illegal transition')),
    ),
    [STATUS]: fc.oneof(
      jobCall(STATUS, '/status', json({ status: 'running' }), false, [
        ...badStatus,
        ...badJobExtras,
        fc.constantFrom(json({ status: 'skipped' }), json({ status: 'queued' })),
      ]),
      fc.constantFrom('running', 'cancelled', 'queued').map((status) =>
        shot(STATUS, {
          path: jobPath(w.done.id, '/status'),
          auth: bearer(w.done.staleToken),
          body: json({ status }),
          note: 'illegal transition of an ended job',
        }),
      ),
    ),
    [CANCEL_CHECK]: jobCall(CANCEL_CHECK, '/cancel-check', '{}', true, [
      withUnknownField({}),
      fc.constantFrom(json({ cancelled: true }), json({ status: 'cancelled' })),
    ]),
  };
}
