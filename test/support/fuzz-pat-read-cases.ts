/**
 * Hostile requests for the PAT reads of SPEC §7.3 (runs, jobs, logs, secret names). A bad
 * credential, a hidden repository, a row of another repository, an impossible id or name
 * and an unknown query key are refused; odd but legal list filters may answer 200
 * (`expect: 'any'`) but never 5xx.
 */
import fc from 'fast-check';
import { bearer, type FuzzContext, notPat } from './fuzz-context.js';
import type { FuzzRequest } from './fuzz-http.js';
import { shot } from './fuzz-http.js';
import { anyQuery, badId, badName, unknownQuery } from './fuzz-inputs.js';

const ACTIONS = '/api/v1/repos/:owner/:repo/actions';
const RUNS = `GET ${ACTIONS}/runs`;

export function patReadCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const pub = `${w.owner}/${w.publicRepo}`;
  const priv = `${w.owner}/${w.privateRepo}`;
  const reader = bearer(pats.read);

  /**
   * `rest` is the route after `actions/`; `id` a row of the public repository, `foreign` one
   * of the private one. Routes without an id ignore both and skip the id families.
   */
  const read = (route: string, rest: (id: string) => string, id: number, foreign: number) => {
    const path = (repo: string, idText: string, q = '') =>
      `/api/v1/repos/${repo}/actions/${rest(idText)}${q}`;
    const ids = route.endsWith(':id') || route.includes(':id/');
    return fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => shot(route, { path: path(pub, String(id), q), auth, note: 'credential' })),
      fc.constant(shot(route, { path: path(priv, String(id)), note: 'no credential' })),
      fc.constant(
        shot(route, {
          path: path(priv, String(foreign)),
          auth: bearer(pats.stranger),
          note: 'hidden repository',
        }),
      ),
      ...(ids
        ? [
            fc.constant(
              shot(route, { path: path(priv, String(id)), auth: reader, note: 'row of another repository' }),
            ),
            badId.map((bad) => shot(route, { path: path(pub, bad), auth: reader, note: 'bad id' })),
          ]
        : []),
      fc.tuple(badName, fc.boolean()).map(([name, owner]) =>
        shot(route, {
          path: path(owner ? `${name}/${w.publicRepo}` : `${w.owner}/${name}`, String(id)),
          auth: reader,
          note: 'bad name',
        }),
      ),
      unknownQuery.map((q) => shot(route, { path: path(pub, String(id), q), auth: reader, note: 'query' })),
    );
  };
  const runsPath = (q: string) => `/api/v1/repos/${pub}/actions/runs${q}`;

  return {
    [RUNS]: fc.oneof(
      read(RUNS, () => 'runs', 0, 0),
      fc
        .constantFrom(
          ...['per_page=0', 'per_page=101', 'per_page=-1', 'per_page=1e2', 'per_page=abc', 'per_page=%201'],
          ...[
            'page=0',
            'page=99999999',
            'page=1.5',
            'status=bogus',
            'conclusion=bogus',
            'conclusion=SUCCESS',
          ],
        )
        .map((q) => shot(RUNS, { path: runsPath(`?${q}`), auth: reader, note: 'filter' })),
      fc
        .tuple(
          fc.constantFrom('event', 'head_ref', 'workflow_file', 'actor'),
          fc.constantFrom('..%2F..%2Fetc', '%FF', 'x'.repeat(5000), '%27%3B--', '%E2%80%AE', '*'),
        )
        .map(([k, v]) =>
          shot(RUNS, { path: runsPath(`?${k}=${v}`), auth: reader, expect: 'any', note: 'odd filter' }),
        ),
      fc
        .tuple(
          fc.constantFrom('event', 'head_ref', 'workflow_file', 'actor', 'status'),
          fc.constantFrom('%00', 'x%00y'),
        )
        .map(([k, v]) => shot(RUNS, { path: runsPath(`?${k}=${v}`), auth: reader, note: 'NUL filter' })),
    ),
    [`GET ${ACTIONS}/runs/:id`]: read(
      `GET ${ACTIONS}/runs/:id`,
      (id) => `runs/${id}`,
      w.running.runId,
      w.privateJob.runId,
    ),
    [`GET ${ACTIONS}/runs/:id/jobs`]: read(
      `GET ${ACTIONS}/runs/:id/jobs`,
      (id) => `runs/${id}/jobs`,
      w.running.runId,
      w.privateJob.runId,
    ),
    [`GET ${ACTIONS}/jobs/:id`]: read(
      `GET ${ACTIONS}/jobs/:id`,
      (id) => `jobs/${id}`,
      w.running.id,
      w.privateJob.id,
    ),
    [`GET ${ACTIONS}/jobs/:id/logs`]: read(
      `GET ${ACTIONS}/jobs/:id/logs`,
      (id) => `jobs/${id}/logs`,
      w.running.id,
      w.privateJob.id,
    ),
    [`GET ${ACTIONS}/secrets`]: read(`GET ${ACTIONS}/secrets`, () => 'secrets', 0, 0),
    [`GET ${ACTIONS}/jobs/:id/annotations`]: read(
      `GET ${ACTIONS}/jobs/:id/annotations`,
      (id) => `jobs/${id}/annotations`,
      w.running.id,
      w.privateJob.id,
    ),
    [`GET ${ACTIONS}/variables`]: read(`GET ${ACTIONS}/variables`, () => 'variables', 0, 0),
    [`GET ${ACTIONS}/variables/:name`]: fc.oneof(
      read(`GET ${ACTIONS}/variables/:name`, () => 'variables/MISSING_VAR', 0, 0),
      fc.constantFrom('1BAD', 'GITHUB_X', 'a-b', '%00', 'x'.repeat(200)).map((name) =>
        shot(`GET ${ACTIONS}/variables/:name`, {
          path: `/api/v1/repos/${pub}/actions/variables/${name}`,
          auth: bearer(pats.admin),
          note: 'bad or missing name',
        }),
      ),
    ),
  };
}
