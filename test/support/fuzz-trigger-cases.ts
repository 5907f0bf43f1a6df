/**
 * Hostile requests for the dispatch, fork and pull request routes (SPEC §5). The fuzz
 * world's repositories have no commits, so no dispatch or pull request can succeed; forks
 * are only ever asked for with a refused credential, scope, repository or body.
 */
import fc from 'fast-check';
import { bearer, type FuzzContext, json, notPat } from './fuzz-context.js';
import type { FuzzRequest } from './fuzz-http.js';
import { shot } from './fuzz-http.js';
import {
  anyQuery,
  badId,
  badName,
  binaryBody,
  contentType,
  deepJson,
  malformedJson,
  nonObjectJson,
  withUnknownField,
  wrongType,
} from './fuzz-inputs.js';

const REPO = '/api/v1/repos';
const PULL = `${REPO}/:owner/:repo/pulls/:number`;
const badBody = fc.oneof(malformedJson, nonObjectJson, deepJson('x'), binaryBody);
const pull = { title: 't', head: 'feature', base: 'trunk' };

export function triggerCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const pub = `${w.owner}/${w.publicRepo}`;
  const priv = `${w.owner}/${w.privateRepo}`;
  const writer = bearer(pats.write);

  const dispatch = (route: string, prefix: string) => {
    const path = (repo: string, file: string, q = '') =>
      `${prefix}/${repo}/actions/workflows/${file}/dispatches${q}`;
    const ci = path(pub, 'ci.yml');
    return fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(route, { path: path(pub, 'ci.yml', q), auth, body: '{}', note: 'credential' }),
        ),
      fc.constant(shot(route, { path: ci, body: '{}', note: 'no credential' })),
      fc
        .constantFrom(pats.read, pats.stranger)
        .map((pat) => shot(route, { path: ci, auth: bearer(pat), body: '{}', note: 'scope or role' })),
      fc.constant(
        shot(route, {
          path: path(priv, 'ci.yml'),
          auth: bearer(pats.stranger),
          body: '{}',
          note: 'hidden repository',
        }),
      ),
      badName.map((file) =>
        shot(route, { path: path(pub, file), auth: writer, body: '{}', note: 'file name' }),
      ),
      fc
        .constantFrom(
          '--output=/tmp/x',
          '-h',
          'HEAD~1',
          '@{-1}',
          'a..b',
          ':/msg',
          'x\u0000y',
          'refs/heads/../../x',
          '--all',
        )
        .map((ref) => shot(route, { path: ci, auth: writer, body: json({ ref }), note: 'hostile ref' })),
      fc
        .tuple(
          fc.oneof(
            badBody,
            withUnknownField({ ref: 'trunk' }, ['ref', 'inputs']),
            wrongType('string').map((ref) => json({ ref })),
            wrongType('object').map((inputs) => json({ inputs })),
            fc.constantFrom(
              json({ ref: '' }),
              json({ ref: 'x'.repeat(300) }),
              json({ inputs: { a: { b: 1 } } }),
            ),
            fc.constantFrom(json({ inputs: { a: '\u0000' } }), json({ inputs: { '\u0000': 'x' } })),
          ),
          contentType,
        )
        .map(([body, type]) =>
          shot(route, { path: ci, auth: writer, body, contentType: type, note: 'body' }),
        ),
    );
  };

  /** Forks and new pull requests: proposals need read on the repository and a writing token. */
  const propose = (route: string, rest: string, valid: string, bodies: fc.Arbitrary<string | Uint8Array>) =>
    fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(route, { path: `${REPO}/${pub}/${rest}${q}`, auth, body: valid, note: 'credential' }),
        ),
      fc.constant(
        shot(route, {
          path: `${REPO}/${pub}/${rest}`,
          auth: bearer(pats.read),
          body: valid,
          note: 'read scope',
        }),
      ),
      fc.constant(
        shot(route, {
          path: `${REPO}/${priv}/${rest}`,
          auth: bearer(pats.stranger),
          body: valid,
          note: 'hidden repository',
        }),
      ),
      badName.map((name) =>
        shot(route, {
          path: `${REPO}/${w.owner}/${name}/${rest}`,
          auth: writer,
          body: valid,
          note: 'bad name',
        }),
      ),
      fc.tuple(bodies, contentType).map(([body, type]) =>
        shot(route, {
          path: `${REPO}/${pub}/${rest}`,
          auth: writer,
          body,
          contentType: type,
          note: 'body',
        }),
      ),
    );
  const pullPath = (n: string, q = '') => `${REPO}/${pub}/pulls/${n}${q}`;

  return {
    [`POST ${REPO}/:owner/:repo/actions/workflows/:file/dispatches`]: dispatch(
      `POST ${REPO}/:owner/:repo/actions/workflows/:file/dispatches`,
      REPO,
    ),
    'POST /:owner/:repo/actions/workflows/:file/dispatches': dispatch(
      'POST /:owner/:repo/actions/workflows/:file/dispatches',
      '',
    ),
    [`POST ${REPO}/:owner/:repo/forks`]: propose(
      `POST ${REPO}/:owner/:repo/forks`,
      'forks',
      '{}',
      fc.oneof(badBody, withUnknownField({})),
    ),
    [`POST ${REPO}/:owner/:repo/pulls`]: propose(
      `POST ${REPO}/:owner/:repo/pulls`,
      'pulls',
      json(pull),
      fc.oneof(
        badBody,
        withUnknownField(pull, ['title', 'head', 'base', 'body']),
        wrongType('string').map((title) => json({ ...pull, title })),
        fc.constantFrom(
          ...[
            json({ ...pull, head: '' }),
            json({ ...pull, base: 'x'.repeat(300) }),
            json({ ...pull, title: '' }),
          ],
          ...[
            json({ ...pull, head: 'nope' }),
            json({ ...pull, head: 'bob:feature' }),
            json({ ...pull, head: '../x' }),
          ],
          ...[json({ title: 't' }), json({ ...pull, title: 'a\u0000b' }), json({ ...pull, body: '\u0000' })],
          json({ ...pull, head: 'a\u0000' }),
        ),
      ),
    ),
    [`GET ${PULL}`]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => shot(`GET ${PULL}`, { path: pullPath('1', q), auth, note: 'credential' })),
      badId.map((n) =>
        shot(`GET ${PULL}`, { path: pullPath(n), auth: bearer(pats.read), note: 'bad number' }),
      ),
      fc.constant(
        shot(`GET ${PULL}`, {
          path: `${REPO}/${priv}/pulls/1`,
          auth: bearer(pats.stranger),
          note: 'hidden repository',
        }),
      ),
    ),
    [`PATCH ${PULL}`]: fc.oneof(
      fc.tuple(notPat(ctx), anyQuery).map(([auth, q]) =>
        shot(`PATCH ${PULL}`, {
          path: pullPath('1', q),
          auth,
          body: json({ state: 'closed' }),
          note: 'credential',
        }),
      ),
      badId.map((n) =>
        shot(`PATCH ${PULL}`, {
          path: pullPath(n),
          auth: writer,
          body: json({ state: 'closed' }),
          note: 'bad number',
        }),
      ),
      fc
        .oneof(
          badBody,
          withUnknownField({ state: 'open' }, ['state', 'title']),
          fc.constantFrom(json({ state: 'merged' }), json({ state: 1 }), json({ title: '\u0000' })),
        )
        .map((body) => shot(`PATCH ${PULL}`, { path: pullPath('1'), auth: writer, body, note: 'body' })),
    ),
  };
}
