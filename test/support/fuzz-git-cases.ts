/**
 * Hostile requests for git smart HTTP (SPEC §5, §8.3), the health probes, and every route's
 * path with a method it does not serve. Anonymous reads of the public repository, git's
 * own answers to junk protocol data and the probes may succeed (`expect: 'any'`); every
 * other request must be refused.
 */
import fc from 'fast-check';
import type { FuzzContext } from './fuzz-context.js';
import type { FuzzRequest } from './fuzz-http.js';
import { type Shot, shot } from './fuzz-http.js';
import { anyQuery, badName, basic, binaryBody, junkAuthorization } from './fuzz-inputs.js';

const UPLOAD = '?service=git-upload-pack';
const RECEIVE = '?service=git-receive-pack';

export function gitCases(ctx: FuzzContext): Record<string, fc.Arbitrary<FuzzRequest>> {
  const { w } = ctx;
  const { pats } = w;
  const pub = `${w.owner}/${w.publicRepo}`;
  const priv = `${w.owner}/${w.privateRepo}`;
  const badBasic = fc.oneof(
    junkAuthorization,
    fc.constantFrom(
      ...[
        basic(pats.revoked),
        basic(pats.expired),
        basic(w.runnerToken),
        basic(w.running.liveToken),
        basic(''),
      ],
      ...[
        basic(ctx.forged.wrongKey!),
        basic(pats.write.toUpperCase()),
        'Basic !!!',
        `Basic ${'A'.repeat(7000)}`,
      ],
    ),
  );

  /** `service`: the path's last part; a push is `info/refs?service=git-receive-pack` or the POST. */
  const git = (route: string, service: 'info/refs' | 'git-upload-pack' | 'git-receive-pack') => {
    const refs = service === 'info/refs';
    const pushing = service === 'git-receive-pack';
    const path = (repo: string, q = '') => `/${repo}/${service}${q}`;
    const headers: Record<string, string> = refs
      ? {}
      : { 'content-type': `application/x-${service}-request` };
    const sent: Partial<Shot> = refs ? {} : { body: Buffer.from('0000'), headers, contentType: '' };
    const read = refs ? UPLOAD : '';
    const push = refs ? RECEIVE : '';
    const families = [
      badBasic.map((auth) => shot(route, { path: path(priv, read), auth, ...sent, note: 'credential' })),
      fc.constant(
        shot(route, { path: path(priv, read), ...sent, note: 'anonymous on a private repository' }),
      ),
      fc.constant(
        shot(route, {
          path: path(priv, read),
          auth: basic(pats.stranger),
          ...sent,
          note: 'hidden repository',
        }),
      ),
      fc.tuple(badName, badName, fc.boolean()).map(([owner, name, anon]) =>
        shot(route, {
          path: path(`${owner}/${name}`, read),
          ...(anon ? {} : { auth: basic(pats.admin) }),
          ...sent,
          note: 'bad names',
        }),
      ),
    ];
    if (refs || pushing) {
      families.push(
        fc.constant(shot(route, { path: path(pub, push), ...sent, note: 'anonymous push' })),
        fc
          .constantFrom(basic(pats.read), basic(pats.stranger), basic(w.running.checkoutToken))
          .map((auth) => shot(route, { path: path(pub, push), auth, ...sent, note: 'may not push' })),
      );
    }
    if (refs) {
      families.push(
        fc
          .constantFrom('', '?service=', '?service=git-upload-archive', '?service=x', '?service=%00')
          .map((q) => shot(route, { path: path(pub, q), auth: basic(pats.admin), note: 'service' })),
        // Two `service` values: refused, so authorisation and git never disagree on which.
        fc.constant(
          shot(route, {
            path: path(pub, `${UPLOAD}&service=git-receive-pack`),
            auth: basic(pats.read),
            note: 'two services',
          }),
        ),
        fc.constant(shot(route, { path: path(pub, UPLOAD), expect: 'any', note: 'anonymous read' })),
      );
    } else {
      families.push(
        fc
          .tuple(fc.oneof(binaryBody, fc.constantFrom('0000', 'ffff', '0009done\n', '')), fc.boolean())
          .map(([junk, gzip]) =>
            shot(route, {
              path: path(pub),
              auth: basic(pushing ? pats.write : pats.read),
              body: junk,
              headers: { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
              contentType: '',
              expect: 'any',
              note: 'junk protocol',
            }),
          ),
      );
    }
    return fc.oneof(...families);
  };

  const probe = (route: string) =>
    fc.tuple(anyQuery, fc.option(junkAuthorization, { nil: undefined })).map(([q, auth]) =>
      shot(route, {
        path: route.split(' ')[1] + q,
        ...(auth === undefined ? {} : { auth }),
        expect: 'any',
        note: 'probe',
      }),
    );

  return {
    'GET /healthz': probe('GET /healthz'),
    'GET /readyz': probe('GET /readyz'),
    'GET /metrics': probe('GET /metrics'),
    'GET /:owner/:repo/info/refs': git('GET /:owner/:repo/info/refs', 'info/refs'),
    'POST /:owner/:repo/git-upload-pack': git('POST /:owner/:repo/git-upload-pack', 'git-upload-pack'),
    'POST /:owner/:repo/git-receive-pack': git('POST /:owner/:repo/git-receive-pack', 'git-receive-pack'),
  };
}

/** Each route's path with a method it does not serve: the app's JSON 404, never a handler. */
export function wrongMethodCases(
  routes: readonly string[],
  w: FuzzContext['w'],
): fc.Arbitrary<FuzzRequest>[] {
  const served = new Set(routes);
  const fill: Record<string, string> = {
    owner: w.owner,
    repo: w.publicRepo,
    id: String(w.running.id),
    stepId: String(w.running.stepIds[1]),
    name: w.secretName,
    file: 'ci.yml',
    number: '1',
  };
  return routes.map((route) => {
    const template = route.split(' ')[1]!;
    const path = template.replace(/:([A-Za-z]+)/g, (_, key: string) => fill[key] ?? 'x');
    return fc
      .constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')
      .filter((method) => !served.has(`${method} ${template}`))
      .map((method) =>
        shot(route, {
          method,
          path,
          auth: `Bearer ${w.pats.admin}`,
          ...(method === 'GET' ? {} : { body: '{}' }),
          note: 'wrong method',
        }),
      );
  });
}
