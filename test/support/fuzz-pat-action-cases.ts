/**
 * Hostile requests for the PAT actions of SPEC §7.3 and §16: job and run cancel, rerun,
 * approve, reject, pin and unpin. A bad credential comes with a valid body; a live PAT comes with a missing or
 * impossible id, a scope or role short of write, a hidden repository, a run in the wrong
 * state, a bad body or an unknown query key — each must be refused and change nothing.
 */
import fc from 'fast-check';
import { bearer, type FuzzContext, notPat } from './fuzz-context.js';
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
  unknownQuery,
  withUnknownField,
} from './fuzz-inputs.js';

interface Refusal {
  id: number;
  pat: string;
  note: string;
}

export function patActionCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const admin = bearer(pats.admin);
  const badBody = fc.oneof(malformedJson, nonObjectJson, deepJson('x'), withUnknownField({}));

  const action = (route: string, target: number, refusals: Refusal[]) => {
    const template = route.split(' ')[1]!;
    const path = (id: number | string, q = '') => template.replace(':id', String(id)) + q;
    return fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => shot(route, { path: path(target, q), auth, body: '{}', note: 'credential' })),
      fc.constant(shot(route, { path: path(target), body: '{}', note: 'no credential' })),
      badId.map((id) => shot(route, { path: path(id), auth: admin, body: '{}', note: 'bad id' })),
      fc
        .constantFrom(...refusals)
        .map((r) => shot(route, { path: path(r.id), auth: bearer(r.pat), body: '{}', note: r.note })),
      fc
        .tuple(badBody, contentType)
        .map(([body, type]) =>
          shot(route, { path: path(target), auth: admin, body, contentType: type, note: 'body' }),
        ),
      binaryBody.map((body) => shot(route, { path: path(target), auth: admin, body, note: 'binary body' })),
      unknownQuery.map((q) => shot(route, { path: path(target, q), auth: admin, body: '{}', note: 'query' })),
    );
  };
  const short = (id: number, hidden: number): Refusal[] => [
    { id, pat: pats.read, note: 'read scope' },
    { id, pat: pats.stranger, note: 'read role only' },
    { id: hidden, pat: pats.stranger, note: 'hidden repository' },
  ];
  const RERUN = 'POST /api/v1/runs/:id/rerun';

  return {
    'POST /api/v1/jobs/:id/cancel': action(
      'POST /api/v1/jobs/:id/cancel',
      w.running.id,
      short(w.running.id, w.privateJob.id),
    ),
    'POST /api/v1/runs/:id/cancel': action(
      'POST /api/v1/runs/:id/cancel',
      w.running.runId,
      short(w.running.runId, w.privateJob.runId),
    ),
    [RERUN]: fc.oneof(
      action(RERUN, w.done.runId, [
        ...short(w.done.runId, w.privateJob.runId),
        { id: w.running.runId, pat: pats.admin, note: 'run not finished' },
        { id: w.approvalRunId, pat: pats.admin, note: 'run not finished' },
      ]),
      fc.constantFrom('?failed_only=maybe', '?failed_only=', '?failed_only=TRUE', '?failed_only=2').map((q) =>
        shot(RERUN, {
          path: `/api/v1/runs/${w.done.runId}/rerun${q}`,
          auth: admin,
          body: '{}',
          note: 'flag',
        }),
      ),
    ),
    ...Object.fromEntries(
      (['approve', 'reject'] as const).map((verb) => {
        const route = `POST /api/v1/runs/:id/${verb}`;
        return [
          route,
          action(route, w.approvalRunId, [
            ...short(w.approvalRunId, w.privateJob.runId),
            { id: w.running.runId, pat: pats.admin, note: 'run not awaiting approval' },
            { id: w.done.runId, pat: pats.admin, note: 'run not awaiting approval' },
          ]),
        ];
      }),
    ),
    ...Object.fromEntries(
      (['POST', 'DELETE'] as const).map((method) => {
        const route = `${method} /api/v1/runs/:id/pin`;
        return [route, action(route, w.done.runId, short(w.done.runId, w.privateJob.runId))];
      }),
    ),
  };
}
