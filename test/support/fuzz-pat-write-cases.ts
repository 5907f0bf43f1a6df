/**
 * Hostile requests for the PAT writes of SPEC §7.3 that are not run actions: repository
 * secrets (PUT, DELETE), `POST /api/v1/user/repos` and `DELETE /api/v1/user/tokens/{id}`.
 * Every request must be refused —
 * names that can never be valid, bodies that are wrong, scopes and roles short of admin —
 * so no secret and no repository is ever created, changed or deleted.
 */
import fc from 'fast-check';
import { checkSecretName } from '../../src/domain/forge/secret-rules.js';
import { checkVariableName } from '../../src/domain/forge/variables.js';
import { bearer, type FuzzContext, json, notPat } from './fuzz-context.js';
import type { FuzzRequest } from './fuzz-http.js';
import { shot } from './fuzz-http.js';
import {
  anyQuery,
  badName,
  binaryBody,
  contentType,
  decodeSegment,
  deepJson,
  malformedJson,
  nonObjectJson,
  unknownQuery,
  withUnknownField,
  wrongType,
} from './fuzz-inputs.js';

const SECRET = 'PUT /api/v1/repos/:owner/:repo/actions/secrets/:name';
const VARIABLE = 'PUT /api/v1/repos/:owner/:repo/actions/variables/:name';
const FORGET_VARIABLE = 'DELETE /api/v1/repos/:owner/:repo/actions/variables/:name';
const FORGET = 'DELETE /api/v1/repos/:owner/:repo/actions/secrets/:name';
const NEW_REPO = 'POST /api/v1/user/repos';
const REVOKE_TOKEN = 'DELETE /api/v1/user/tokens/:id';

/** Names `checkSecretName` refuses (as the router hands them over). */
const badSecretName = badName.filter((name) => {
  try {
    checkSecretName(decodeSegment(name));
    return false;
  } catch {
    return true;
  }
});
/** Names `checkVariableName` refuses (as the router hands them over). */
const badVariableName = badName.filter((name) => {
  try {
    checkVariableName(decodeSegment(name));
    return false;
  } catch {
    return true;
  }
});
const badBody = fc.oneof(malformedJson, nonObjectJson, deepJson('x'), binaryBody);

export function patWriteCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const admin = bearer(pats.admin);
  const pub = `${w.owner}/${w.publicRepo}`;
  const secretPath = (repo: string, name: string, q = '') =>
    `/api/v1/repos/${repo}/actions/secrets/${name}${q}`;
  const value = json({ value: 'v' });
  const fresh = { name: 'fuzzed', private: false, default_branch: 'trunk' };
  const put = (path: string, auth: string, body: string | Uint8Array, note: string, type?: string) =>
    shot(SECRET, { path, auth, body, note, ...(type === undefined ? {} : { contentType: type }) });

  return {
    [SECRET]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => put(secretPath(pub, 'FUZZ_NEW', q), auth, value, 'credential')),
      fc
        .constantFrom(pats.read, pats.stranger)
        .map((pat) => put(secretPath(pub, 'FUZZ_NEW'), bearer(pat), value, 'scope or role')),
      fc.constant(
        put(secretPath(`${w.owner}/${w.privateRepo}`, 'X'), bearer(pats.stranger), value, 'hidden'),
      ),
      badSecretName.map((name) => put(secretPath(pub, name), admin, value, 'bad name')),
      badName.map((name) =>
        put(secretPath(`${w.owner}/${name}`, 'FUZZ_NEW'), admin, value, 'bad repository'),
      ),
      fc
        .tuple(
          fc.oneof(
            badBody,
            withUnknownField({ value: 'v' }),
            wrongType('string').map((v) => json({ value: v })),
            fc.constantFrom(
              ...[json({}), json({ value: null }), json({ value: '' }), json({ value: 'a\u0000b' })],
              ...[json({ value: 'x'.repeat(49 * 1024) }), json({ value: 'x'.repeat(600 * 1024) })],
            ),
          ),
          contentType,
        )
        .map(([body, type]) => put(secretPath(pub, 'FUZZ_NEW'), admin, body, 'body', type)),
      unknownQuery.map((q) => put(secretPath(pub, 'FUZZ_NEW', q), admin, value, 'query')),
    ),
    [FORGET]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(FORGET, { path: secretPath(pub, w.secretName, q), auth, note: 'credential' }),
        ),
      fc
        .constantFrom(pats.read, pats.stranger)
        .map((pat) =>
          shot(FORGET, { path: secretPath(pub, w.secretName), auth: bearer(pat), note: 'scope or role' }),
        ),
      fc
        .oneof(badName, fc.constantFrom('MISSING', 'DEPLOY_KEY_2'))
        .map((name) =>
          shot(FORGET, { path: secretPath(pub, name), auth: admin, note: 'bad or missing name' }),
        ),
      badName.map((name) =>
        shot(FORGET, {
          path: secretPath(`${name}/${w.publicRepo}`, w.secretName),
          auth: admin,
          note: 'bad owner',
        }),
      ),
      unknownQuery.map((q) =>
        shot(FORGET, { path: secretPath(pub, w.secretName, q), auth: admin, note: 'query' }),
      ),
    ),
    ...variableCases(ctx),
    [REVOKE_TOKEN]: revokeTokenCases(ctx),
    [NEW_REPO]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(NEW_REPO, { path: `/api/v1/user/repos${q}`, auth, body: json(fresh), note: 'credential' }),
        ),
      fc.constant(
        shot(NEW_REPO, {
          path: '/api/v1/user/repos',
          auth: bearer(pats.read),
          body: json(fresh),
          note: 'read scope',
        }),
      ),
      fc.constantFrom('pub', 'PUB', 'Priv').map((name) =>
        shot(NEW_REPO, {
          path: '/api/v1/user/repos',
          auth: bearer(pats.write),
          body: json({ name }),
          note: 'exists',
        }),
      ),
      fc
        .tuple(
          fc.oneof(
            badBody,
            withUnknownField(fresh),
            wrongType('string').map((name) => json({ name })),
            wrongType('boolean').map((p) => json({ ...fresh, private: p })),
            fc
              .constantFrom(
                '..',
                '.',
                '.git',
                'a/b',
                '',
                ' ',
                'a b',
                'x'.repeat(300),
                'a\u0000b',
                'ü',
                'x.git',
              )
              .map((name) => json({ name })),
            fc
              .constantFrom('', '..', 'a b', 'x.lock', '-x', 'a..b', '@{', 'a\u0000')
              .map((branch) => json({ ...fresh, default_branch: branch })),
            fc.constant(json({ private: true })),
          ),
          contentType,
        )
        .map(([body, type]) =>
          shot(NEW_REPO, {
            path: '/api/v1/user/repos',
            auth: bearer(pats.write),
            body,
            contentType: type,
            note: 'body',
          }),
        ),
      unknownQuery.map((q) =>
        shot(NEW_REPO, {
          path: `/api/v1/user/repos${q}`,
          auth: bearer(pats.write),
          body: json(fresh),
          note: 'query',
        }),
      ),
    ),
  };
}

/** PUT and DELETE of repository variables: refused like secrets, never stored or removed. */
function variableCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const admin = bearer(pats.admin);
  const pub = `${w.owner}/${w.publicRepo}`;
  const path = (repo: string, name: string, q = '') => `/api/v1/repos/${repo}/actions/variables/${name}${q}`;
  const value = json({ value: 'v' });
  const put = (p: string, auth: string, body: string | Uint8Array, note: string, type?: string) =>
    shot(VARIABLE, { path: p, auth, body, note, ...(type === undefined ? {} : { contentType: type }) });
  return {
    [VARIABLE]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) => put(path(pub, 'FUZZ_VAR', q), auth, value, 'credential')),
      fc
        .constantFrom(pats.read, pats.stranger)
        .map((pat) => put(path(pub, 'FUZZ_VAR'), bearer(pat), value, 'scope or role')),
      badVariableName.map((name) => put(path(pub, name), admin, value, 'bad name')),
      badName.map((name) => put(path(`${w.owner}/${name}`, 'FUZZ_VAR'), admin, value, 'bad repository')),
      fc
        .tuple(
          fc.oneof(
            badBody,
            withUnknownField({ value: 'v' }),
            wrongType('string').map((v) => json({ value: v })),
            fc.constantFrom(
              json({}),
              json({ value: '' }),
              json({ value: 'a\u0000b' }),
              json({ value: 'v', name: 'OTHER' }),
              json({ value: 'x'.repeat(49 * 1024) }),
            ),
          ),
          contentType,
        )
        .map(([body, type]) => put(path(pub, 'FUZZ_VAR'), admin, body, 'body', type)),
      unknownQuery.map((q) => put(path(pub, 'FUZZ_VAR', q), admin, value, 'query')),
    ),
    [FORGET_VARIABLE]: fc.oneof(
      fc
        .tuple(notPat(ctx), anyQuery)
        .map(([auth, q]) =>
          shot(FORGET_VARIABLE, { path: path(pub, 'MISSING_VAR', q), auth, note: 'credential' }),
        ),
      fc
        .constantFrom(pats.read, pats.stranger)
        .map((pat) =>
          shot(FORGET_VARIABLE, { path: path(pub, 'MISSING_VAR'), auth: bearer(pat), note: 'scope or role' }),
        ),
      fc
        .oneof(badVariableName, fc.constant('MISSING_VAR'))
        .map((name) =>
          shot(FORGET_VARIABLE, { path: path(pub, name), auth: admin, note: 'bad or missing name' }),
        ),
      unknownQuery.map((q) =>
        shot(FORGET_VARIABLE, { path: path(pub, 'MISSING_VAR', q), auth: admin, note: 'query' }),
      ),
    ),
  };
}

/** Revoking a token that is not the caller's, or with no live PAT: refused, nothing revoked. */
function revokeTokenCases(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const { w } = ctx;
  const path = (id: string | number, q = '') => `/api/v1/user/tokens/${id}${q}`;
  const bobs = w.strangerPatId;
  return fc.oneof(
    fc
      .tuple(notPat(ctx), anyQuery)
      .map(([auth, q]) => shot(REVOKE_TOKEN, { path: path(bobs, q), auth, note: 'credential' })),
    fc
      .constantFrom(w.pats.read, w.pats.write, w.pats.admin)
      .map((pat) =>
        shot(REVOKE_TOKEN, { path: path(bobs), auth: bearer(pat), note: "another user's token" }),
      ),
    fc
      .constantFrom('0', '-1', 'x', '1e3', '01', '9'.repeat(30), '%00', '1.5', bobs + 1000)
      .map((id) =>
        shot(REVOKE_TOKEN, { path: path(id), auth: bearer(w.pats.admin), note: 'bad or missing id' }),
      ),
    unknownQuery.map((q) =>
      shot(REVOKE_TOKEN, { path: path(bobs, q), auth: bearer(w.pats.admin), note: 'query' }),
    ),
  );
}
