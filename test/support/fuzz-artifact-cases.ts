/**
 * Hostile requests for the artifact routes (issue #10 item 3): the runner's artifact calls and
 * the PAT reads. A bad or foreign job token comes with a valid request, so the token is what is
 * refused; the live token comes only with requests refused before it is spent (bad bodies,
 * ids, offsets, digests, queries — the world has no artifact, so every id names nothing).
 */
import fc from 'fast-check';
import { bearer, type FuzzContext, json, notJobToken, notPat, withField } from './fuzz-context.js';
import { type FuzzRequest, shot } from './fuzz-http.js';
import {
  anyQuery,
  badId,
  badName,
  binaryBody,
  deepJson,
  malformedJson,
  nonObjectJson,
  unknownQuery,
  withUnknownField,
  wrongType,
} from './fuzz-inputs.js';

const JOB = '/api/v1/jobs/:id/artifacts';
const BEGIN = `POST ${JOB}`;
const CHUNK = `PUT ${JOB}/:artifactId/chunks/:offset`;
const FINISH = `POST ${JOB}/:artifactId/finalize`;
const LIST = `GET ${JOB}`;
const DOWNLOAD = `GET ${JOB}/:artifactId`;
const ACTIONS = '/api/v1/repos/:owner/:repo/actions';
const SHA = 'a'.repeat(64);
const missingArtifact = fc.oneof(badId, fc.constantFrom('1', '2', '99999999'));

export function artifactCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const job = w.running;
  const live = bearer(job.liveToken);
  const at = (id: number | string, rest: string) => `/api/v1/jobs/${id}/artifacts${rest}`;
  const chunkHeaders = { 'x-shithub-chunk-sha256': SHA };

  /** Valid requests with no usable job token, or one of another job. */
  const credentials = (route: string, rest: string, body?: string, headers?: Record<string, string>) =>
    fc.oneof(
      fc
        .tuple(notJobToken(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(route, { path: at(job.id, rest) + q, auth, body, headers, note: 'credential' }),
        ),
      fc.constant(shot(route, { path: at(job.id, rest), body, headers, note: 'no credential' })),
      fc
        .constantFrom(w.privateJob.liveToken, w.done.staleToken)
        .map((token) =>
          shot(route, { path: at(job.id, rest), auth: bearer(token), body, headers, note: 'foreign token' }),
        ),
      fc
        .oneof(badId, fc.constantFrom(String(w.privateJob.id), String(w.done.id), String(w.queuedJobId)))
        .map((id) => shot(route, { path: at(id, rest), auth: live, body, headers, note: 'wrong job' })),
    );

  const begin = { name: 'dist', size: 10, sha256: SHA };
  const badBegin = fc.oneof(
    malformedJson,
    nonObjectJson,
    deepJson('name'),
    fc.constantFrom('', ' '),
    withField(
      begin,
      'name',
      fc.oneof(wrongType('string'), fc.constantFrom('', ' ', '..', 'a/b', 'a\\b', 'x:y', 'x'.repeat(300))),
    ),
    withField(
      begin,
      'size',
      fc.oneof(wrongType('integer'), fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e308, 3 * 2 ** 30)),
    ),
    withField(
      begin,
      'sha256',
      fc.oneof(wrongType('string'), fc.constantFrom('', 'xyz', 'A'.repeat(64), `${SHA}0`)),
    ),
    withField(begin, 'retention_days', fc.oneof(wrongType('integer'), fc.constantFrom(-1, 1.5, 40_000))),
    withUnknownField(begin, Object.keys(begin)),
  );

  const pat = (route: string, rest: (id: string) => string, id: number, foreign: number) => {
    const pub = `${w.owner}/${w.publicRepo}`;
    const priv = `${w.owner}/${w.privateRepo}`;
    const path = (repo: string, idText: string, q = '') =>
      `/api/v1/repos/${repo}/actions/${rest(idText)}${q}`;
    const reader = bearer(w.pats.read);
    return fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => shot(route, { path: path(pub, String(id), q), auth, note: 'credential' })),
      fc.constant(shot(route, { path: path(priv, String(id)), note: 'no credential' })),
      fc.constant(
        shot(route, {
          path: path(priv, String(foreign)),
          auth: bearer(w.pats.stranger),
          note: 'hidden repository',
        }),
      ),
      badId.map((bad) => shot(route, { path: path(pub, bad), auth: reader, note: 'bad id' })),
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

  return {
    [BEGIN]: fc.oneof(
      credentials(BEGIN, '', json(begin)),
      badBegin.map((body) => shot(BEGIN, { path: at(job.id, ''), auth: live, body, note: 'body' })),
      binaryBody.map((body) => shot(BEGIN, { path: at(job.id, ''), auth: live, body, note: 'binary body' })),
    ),
    [CHUNK]: fc.oneof(
      credentials(CHUNK, '/1/chunks/0', 'bytes', chunkHeaders),
      fc
        .tuple(missingArtifact, fc.constantFrom('0', 'x', '-1', '1e3', '99999999999999999999', '%00'))
        .map(([id, offset]) =>
          shot(CHUNK, {
            path: at(job.id, `/${id}/chunks/${offset}`),
            auth: live,
            body: 'bytes',
            contentType: 'application/octet-stream',
            headers: chunkHeaders,
            note: 'missing artifact or bad offset',
          }),
        ),
      fc.constantFrom('', 'zz', SHA.toUpperCase(), `${SHA}0`).map((digest) =>
        shot(CHUNK, {
          path: at(job.id, '/1/chunks/0'),
          auth: live,
          body: 'bytes',
          headers: { 'x-shithub-chunk-sha256': digest },
          note: 'bad digest',
        }),
      ),
    ),
    [FINISH]: fc.oneof(
      credentials(FINISH, '/1/finalize', '{}'),
      fc
        .tuple(missingArtifact, fc.oneof(fc.constant('{}'), malformedJson, nonObjectJson))
        .map(([id, body]) =>
          shot(FINISH, { path: at(job.id, `/${id}/finalize`), auth: live, body, note: 'missing artifact' }),
        ),
    ),
    [LIST]: fc.oneof(
      credentials(LIST, ''),
      fc
        .oneof(unknownQuery, fc.constant('?offset=1'))
        .map((q) => shot(LIST, { path: at(job.id, q), auth: live, note: 'query' })),
    ),
    [DOWNLOAD]: fc.oneof(
      credentials(DOWNLOAD, '/1'),
      fc
        .tuple(missingArtifact, fc.constantFrom('', '?offset=-1', '?offset=x', '?offset=1&offset=2', '?a=1'))
        .map(([id, q]) =>
          shot(DOWNLOAD, {
            path: at(job.id, `/${id}${q}`),
            auth: live,
            note: 'missing artifact or bad query',
          }),
        ),
    ),
    [`GET ${ACTIONS}/runs/:id/artifacts`]: fc.oneof(
      pat(
        `GET ${ACTIONS}/runs/:id/artifacts`,
        (id) => `runs/${id}/artifacts`,
        w.running.runId,
        w.privateJob.runId,
      ),
      fc
        .constantFrom('per_page=0', 'per_page=101', 'page=0', 'page=1.5', 'name=a&name=b', 'name=%00')
        .map((q) =>
          shot(`GET ${ACTIONS}/runs/:id/artifacts`, {
            path: `/api/v1/repos/${w.owner}/${w.publicRepo}/actions/runs/${w.running.runId}/artifacts?${q}`,
            auth: bearer(w.pats.read),
            note: 'filter',
          }),
        ),
    ),
    [`GET ${ACTIONS}/artifacts/:id`]: pat(`GET ${ACTIONS}/artifacts/:id`, (id) => `artifacts/${id}`, 1, 2),
    [`GET ${ACTIONS}/artifacts/:id/zip`]: pat(
      `GET ${ACTIONS}/artifacts/:id/zip`,
      (id) => `artifacts/${id}/zip`,
      1,
      2,
    ),
  };
}
