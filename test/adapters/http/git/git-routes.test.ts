import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { CgiGitHttpBackend } from '../../../../src/adapters/git/cgi-http-backend.js';
import { CliGitReader } from '../../../../src/adapters/git/cli-git-reader.js';
import { CliGitTransfer } from '../../../../src/adapters/git/cli-git-transfer.js';
import { errorHandler } from '../../../../src/adapters/http/errors.js';
import { mountGitRoutes } from '../../../../src/adapters/http/git/git-routes.js';
import { createRepo } from '../../../../src/domain/forge/repository.js';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import { makeTriggerWorld } from '../../../support/trigger-world.js';
import { gitFixture } from '../../git/git-fixture.js';

const logger = { info: () => {}, error: () => {} };
const basic = (password: string) => `Basic ${Buffer.from(`x:${password}`).toString('base64')}`;
/** A protocol v2 `ls-refs` request: the command, then a flush packet. */
const LS_REFS = Buffer.from('0014command=ls-refs\n0000');

describe('git smart HTTP routes', () => {
  let app: Hono;
  let adaPat = '';
  let bobPat = '';

  beforeAll(async () => {
    const fx = await gitFixture();
    const w = makeTriggerWorld();
    const deps = {
      ...w.deps,
      gitRepos: fx.repos,
      git: new CliGitReader(fx.repos),
      gitTransfer: new CliGitTransfer(fx.repos),
      backend: new CgiGitHttpBackend(`${fx.dataDir}/repos`),
      logger,
    };
    await w.user('ada');
    await w.user('bob');
    await createRepo(deps, { ownerName: 'ada', name: 'scratch' });
    await createRepo(deps, { ownerName: 'ada', name: 'secret', isPrivate: true });
    await fx.commit('ada', 'scratch', 'trunk', { 'README.md': 'hi' });
    adaPat = (await createAccessToken(deps, { userName: 'ada', scopes: ['repo:write'] })).token;
    bobPat = (await createAccessToken(deps, { userName: 'bob', scopes: ['repo:read'] })).token;
    app = new Hono();
    app.onError(errorHandler({ error: () => {} }));
    mountGitRoutes(app, deps);
  }, 60_000);

  it('advertises refs of a public repository to anyone, with or without .git', async () => {
    for (const path of ['/ada/scratch.git/info/refs', '/ada/scratch/info/refs']) {
      const response = await app.request(`${path}?service=git-upload-pack`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
      expect(await response.text()).toMatch(/^001e# service=git-upload-pack\n0000.*refs\/heads\/trunk/s);
    }
  });

  it('refuses the dumb protocol', async () => {
    const response = await app.request('/ada/scratch.git/info/refs');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'git.service_invalid' });
  });

  it('refuses two service parameters, so a reader never gets the receive-pack advertisement', async () => {
    const response = await app.request(
      '/ada/scratch.git/info/refs?service=git-upload-pack&service=git-receive-pack',
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'git.service_invalid' });
  });

  it.each([
    ['an anonymous push', '/ada/scratch.git/info/refs?service=git-receive-pack', undefined],
    [
      'an anonymous fetch of a private repository',
      '/ada/secret.git/info/refs?service=git-upload-pack',
      undefined,
    ],
    [
      'an anonymous fetch of a missing repository',
      '/ada/nope.git/info/refs?service=git-upload-pack',
      undefined,
    ],
    ['a wrong token', '/ada/scratch.git/info/refs?service=git-receive-pack', `shp_${'1'.repeat(64)}`],
    ['a password that is no token', '/ada/scratch.git/info/refs?service=git-upload-pack', 'hunter2'],
  ])('answers %s with 401 and a Basic challenge', async (_name, path, password) => {
    const response = await app.request(path, password ? { headers: { authorization: basic(password) } } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="shithub"');
  });

  it('answers 404 to a signed-in user who cannot see the repository, 403 to a reader who pushes', async () => {
    const hidden = await app.request('/ada/secret.git/info/refs?service=git-upload-pack', {
      headers: { authorization: basic(bobPat) },
    });
    expect(hidden.status).toBe(404);
    const push = await app.request('/ada/scratch.git/info/refs?service=git-receive-pack', {
      headers: { authorization: basic(bobPat) },
    });
    expect(push.status).toBe(403);
    const owner = await app.request('/ada/secret.git/info/refs?service=git-receive-pack', {
      headers: { authorization: basic(adaPat) },
    });
    expect(owner.status).toBe(200);
    expect(owner.headers.get('content-type')).toBe('application/x-git-receive-pack-advertisement');
  });

  it('serves a gzip-compressed upload-pack request', async () => {
    const init = (body: Buffer, gzip: boolean) => ({
      method: 'POST',
      body: new Uint8Array(gzip ? gzipSync(body) : body),
      headers: {
        'content-type': 'application/x-git-upload-pack-request',
        'git-protocol': 'version=2',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
    });
    for (const gzip of [false, true]) {
      const response = await app.request('/ada/scratch.git/git-upload-pack', init(LS_REFS, gzip));
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/[0-9a-f]{40} refs\/heads\/trunk/);
    }
  });
});
