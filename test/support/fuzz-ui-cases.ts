/**
 * Hostile requests for the web UI (SPEC §17). Pages may answer anything below 500 (`any`),
 * as an HTML page; every form post is refused — no CSRF token, another session's token, a
 * session that may not act, names and ids that name nothing, bodies that are no form — so
 * no row changes. Ada's session (she may act on both repositories) is only ever sent with a
 * wrong token.
 */
import fc from 'fast-check';
import { csrfTokenFor } from '../../src/domain/sessions/session-token.js';
import type { FuzzContext } from './fuzz-context.js';
import { type FuzzRequest, shot } from './fuzz-http.js';
import { anyQuery, badId, badName, binaryBody, malformedJson } from './fuzz-inputs.js';

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const cookie = (token: string) => ({ cookie: `shithub_session=${token}` });

export function uiCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const s = w.sessions;
  const pub = `/${w.owner}/${w.publicRepo}`;
  const priv = `/${w.owner}/${w.privateRepo}`;
  const junkCookie = fc.oneof(
    fc.constantFrom(
      {},
      cookie(s.ada),
      cookie(s.bob),
      cookie(s.revoked),
      cookie('x'.repeat(43)),
      cookie(''),
      cookie(`${s.bob}; shithub_session=${s.ada}`),
      { cookie: `shithub_session=${'%'.repeat(4000)}` },
      { cookie: 'shithub_session' },
      { cookie: '=;=;;' },
    ),
    fc.string({ maxLength: 80 }).map((v) => cookie(encodeURIComponent(v))),
  );
  const pageTemplates: Record<string, (repo: string, id: string) => string> = {
    'GET /:owner/:repo': (r) => r,
    'GET /:owner/:repo/actions': (r) => `${r}/actions`,
    'GET /:owner/:repo/actions/runs/:index': (r, id) => `${r}/actions/runs/${id}`,
    'GET /:owner/:repo/actions/runs/:index/jobs/:job': (r, id) => `${r}/actions/runs/1/jobs/${id}`,
    'GET /:owner/:repo/actions/runs/:index/jobs/:job/logs': (r, id) => `${r}/actions/runs/1/jobs/${id}/logs`,
    'GET /:owner/:repo/actions/runs/:index/jobs/:job/steps/:step/lines': (r, id) =>
      `${r}/actions/runs/1/jobs/${id}/steps/1/lines`,
    'GET /:owner/:repo/actions/runs/:index/jobs/:job/search': (r, id) =>
      `${r}/actions/runs/1/jobs/${id}/search`,
    // The live tail of a running job streams for minutes: the completed run's job ends at once.
    'GET /:owner/:repo/actions/runs/:index/jobs/:job/live': (r, id) => `${r}/actions/runs/2/jobs/${id}/live`,
    'GET /:owner/:repo/pulls': (r) => `${r}/pulls`,
    'GET /:owner/:repo/pull/:number/checks': (r, id) => `${r}/pull/${id}/checks`,
  };
  const jobId = (route: string) =>
    route.endsWith('/live') ? String(w.done.id) : route.includes(':job') ? String(w.running.id) : '1';

  /** A page of the repositories: any answer below 500; the private one refused to outsiders. */
  const page = (route: string) => {
    const at = pageTemplates[route]!;
    return fc.oneof(
      fc
        .tuple(junkCookie, anyQuery)
        .map(([headers, q]) =>
          shot(route, { path: at(pub, jobId(route)) + q, headers, expect: 'any', note: 'page' }),
        ),
      fc
        .constantFrom({}, cookie(s.bob), cookie(s.revoked))
        .map((headers) =>
          shot(route, { path: at(priv, String(w.privateJob.id)), headers, note: 'private repository' }),
        ),
      fc.tuple(badName, fc.boolean(), junkCookie).map(([name, owner, headers]) =>
        shot(route, {
          path: at(owner ? `/${name}/${w.publicRepo}` : `/${w.owner}/${name}`, jobId(route)),
          headers,
          expect: 'any',
          note: 'bad name',
        }),
      ),
      badId.map((id) =>
        shot(route, { path: at(pub, id), headers: cookie(s.bob), expect: 'any', note: 'bad id' }),
      ),
      fc
        .constantFrom(
          '?status=bogus',
          '?page=0',
          '?event=%00',
          `?workflow=${'x'.repeat(2000)}`,
          '?branch=a%00b',
        )
        .map((q) =>
          shot(route, {
            path: at(pub, jobId(route)) + q,
            headers: cookie(s.ada),
            expect: 'any',
            note: 'filter',
          }),
        ),
    );
  };

  /**
   * A form post that must be refused: never a right token with a session that may act. For
   * sign-out (`paths` null) Bob's own token would be right, so it is never sent there.
   */
  const post = (route: string, paths: { ok: string; hidden: string; bad: (id: string) => string } | null) => {
    const at = paths ?? { ok: '/logout', hidden: '/logout', bad: () => '/logout' };
    const bobActs = (path: string, note: string) =>
      shot(route, {
        path,
        headers: cookie(s.bob),
        body: form({ csrf: csrfTokenFor(s.bob) }),
        contentType: FORM,
        note,
      });
    const mayNotAct = paths
      ? [
          fc.constantFrom(paths.ok, paths.hidden).map((path) => bobActs(path, 'may not act')),
          badId.map((id) => bobActs(paths.bad(id), 'bad id')),
        ]
      : [];
    const adaPosts = (body: string | Uint8Array, contentType: string, note: string) =>
      shot(route, { path: at.ok, headers: cookie(s.ada), body, contentType, note });
    return fc.oneof(
      ...mayNotAct,
      fc
        .constantFrom('', 'x'.repeat(43), csrfTokenFor(s.bob))
        .map((csrf) =>
          shot(route, { path: at.ok, body: form({ csrf }), contentType: FORM, note: 'anonymous' }),
        ),
      fc
        .constantFrom('', csrfTokenFor(s.bob), csrfTokenFor(s.revoked), 'A'.repeat(43))
        .map((csrf) => adaPosts(form({ csrf }), FORM, 'wrong token')),
      fc
        .oneof(malformedJson, binaryBody, fc.constant('x'.repeat(20_000)))
        .map((body) => adaPosts(body, FORM, 'not a form')),
      fc
        .constantFrom('application/json', 'multipart/form-data; boundary=z', '')
        .map((type) => adaPosts(JSON.stringify({ csrf: csrfTokenFor(s.ada) }), type, 'not url-encoded')),
    );
  };

  const runPost = (action: string) =>
    post(`POST /:owner/:repo/actions/runs/:index/${action}`, {
      ok: `${pub}/actions/runs/1/${action}`,
      hidden: `${priv}/actions/runs/1/${action}`,
      bad: (id) => `${pub}/actions/runs/${id}/${action}`,
    });
  const adminPost = (action: string) =>
    post(`POST /admin/runners/:id/${action}`, {
      ok: `/admin/runners/${w.otherRunnerId}/${action}`,
      hidden: `/admin/runners/${w.otherRunnerId}/${action}`,
      bad: (id) => `/admin/runners/${id}/${action}`,
    });
  const anyPage = (route: string, path: string) =>
    fc
      .tuple(junkCookie, anyQuery)
      .map(([headers, q]) => shot(route, { path: path + q, headers, expect: 'any', note: 'page' }));

  return {
    'GET /': anyPage('GET /', '/'),
    'GET /login': anyPage('GET /login', '/login'),
    'GET /admin/runners': anyPage('GET /admin/runners', '/admin/runners'),
    'GET /static/:name': fc
      .oneof(fc.constantFrom('ui.css', 'ui.js', '..%2Fsecret', '%00', 'ui.000000000000.css'), badName)
      .map((name) => shot('GET /static/:name', { path: `/static/${name}`, expect: 'any', note: 'asset' })),
    ...Object.fromEntries(Object.keys(pageTemplates).map((route) => [route, page(route)])),
    ...Object.fromEntries(
      ['cancel', 'rerun', 'rerun-failed', 'approve', 'reject'].map((a) => [
        `POST /:owner/:repo/actions/runs/:index/${a}`,
        runPost(a),
      ]),
    ),
    ...Object.fromEntries(
      ['drain', 'undrain', 'revoke'].map((a) => [`POST /admin/runners/:id/${a}`, adminPost(a)]),
    ),
    'POST /logout': post('POST /logout', null),
    'POST /login': fc.oneof(
      fc
        .tuple(fc.constantFrom('', 'A'.repeat(43)), fc.constantFrom('ada', 'bob', '', 'x'.repeat(3000)))
        .map(([csrf, name]) =>
          shot('POST /login', {
            path: '/login',
            body: form({ csrf, name, password: 'wrong password' }),
            contentType: FORM,
            note: 'no nonce cookie',
          }),
        ),
      fc.constantFrom('ada', 'bob', 'nobody', 'ADA').map((name) =>
        shot('POST /login', {
          path: '/login',
          headers: { cookie: `shithub_sign_in=${'B'.repeat(43)}` },
          body: form({ csrf: 'B'.repeat(43), name, password: 'not the password' }),
          contentType: FORM,
          note: 'wrong password',
        }),
      ),
      fc
        .oneof(malformedJson, binaryBody)
        .map((body) => shot('POST /login', { path: '/login', body, contentType: FORM, note: 'not a form' })),
    ),
  };
}
