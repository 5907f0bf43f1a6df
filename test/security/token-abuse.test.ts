/**
 * Token abuse (issue #12, security suite): every way of presenting a credential that must not
 * work — job JWTs replayed, borrowed, expired, forged (`alg: none`, a guessed HS256 key, an
 * extra `kid`), of an earlier chain, of a revoked runner; registration tokens of another or a
 * revoked runner; the checkout token on the API and on a push; credentials of one kind
 * presented as another; a `repo:read` PAT on every write route.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveJobTokenKey, JoseJobTokens } from '../../src/adapters/system/jose-job-tokens.js';
import { authorizeGitRequest } from '../../src/domain/git/authorize-git.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../src/domain/runners/revoke-runner.js';
import { createAccessToken } from '../../src/domain/tokens/personal-access-token.js';
import { b64, makeRunnerApiWorld, ROOT_KEY } from '../adapters/http/runner-api/runner-api-world.js';
import { makeTriggerWorld, SMOKE } from '../support/trigger-world.js';
import { PAT_ROUTES, seedPatRouteWorld } from './pat-route-world.js';

const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

/** A compact HS256 JWS of `payload` under `header`, signed with `key`. */
function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: Uint8Array | string) {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const log = (seq: number) => ({ seq, chunk: b64('line\n') });
const INVALID = { status: 401, code: 'job.token_invalid' };

/** A world with one claimed job; each case gets its own. */
async function claimed() {
  const w = makeRunnerApiWorld();
  const first = await w.claimed();
  const logs = (token: string, jobId = first.jobId) => w.post(`/api/v1/jobs/${jobId}/logs`, log(0), token);
  return { w, ...first, logs };
}

async function answer(res: Response) {
  return { status: res.status, code: ((await res.json()) as { code: string }).code };
}

describe('token abuse', () => {
  it.each([
    [
      'a replayed job token',
      async () => {
        const c = await claimed();
        await c.logs(c.token);
        return c.logs(c.token);
      },
      { status: 401, code: 'job.token_replayed' },
    ],
    [
      "another job's token",
      async () => {
        const c = await claimed();
        const other = await c.w.claimed();
        return c.logs(c.token, other.jobId);
      },
      { status: 404, code: 'job.not_found' },
    ],
    [
      'an expired job token',
      async () => {
        const c = await claimed();
        c.w.clock.advance(15 * 60_000);
        return c.logs(c.token);
      },
      INVALID,
    ],
    [
      'alg: none, unsigned',
      async () => {
        const c = await claimed();
        return c.logs(`${enc({ alg: 'none', typ: 'JWT' })}.${c.token.split('.')[1]}.`);
      },
      INVALID,
    ],
    [
      'HS256 signed with a guessed key',
      async () => {
        const c = await claimed();
        return c.logs(sign({ alg: 'HS256', typ: 'JWT' }, payloadOf(c.token), 'secret'));
      },
      INVALID,
    ],
    [
      'the right key under a header with a kid',
      async () => {
        const c = await claimed();
        const key = deriveJobTokenKey(ROOT_KEY);
        return c.logs(sign({ alg: 'HS256', typ: 'JWT', kid: 'rotated-2' }, payloadOf(c.token), key));
      },
      INVALID,
    ],
    [
      'the checkout token on the API',
      async () => {
        const c = await claimed();
        return c.logs(c.claim.job.checkout_token as string);
      },
      INVALID,
    ],
    [
      "an earlier chain's unspent token after chain recovery",
      async () => {
        const c = await claimed();
        await c.w.post(`/api/v1/jobs/${c.jobId}/token`, '', c.runner.token);
        return c.logs(c.token);
      },
      INVALID,
    ],
    [
      "another runner's registration token on chain recovery",
      async () => {
        const c = await claimed();
        const other = await c.w.runner();
        return c.w.post(`/api/v1/jobs/${c.jobId}/token`, '', other.token);
      },
      { status: 404, code: 'job.not_found' },
    ],
    [
      'the registration token of a revoked runner, on a heartbeat',
      async () => {
        const c = await claimed();
        await revokeRunner(c.w.deps, { id: c.runner.id });
        return c.w.heartbeat(c.runner.token);
      },
      { status: 401, code: 'runner.token_invalid' },
    ],
    [
      'the registration token of a revoked runner, on chain recovery',
      async () => {
        const c = await claimed();
        await revokeRunner(c.w.deps, { id: c.runner.id });
        return c.w.post(`/api/v1/jobs/${c.jobId}/token`, '', c.runner.token);
      },
      { status: 401, code: 'runner.token_invalid' },
    ],
    [
      'a job token of a revoked runner',
      async () => {
        const c = await claimed();
        await revokeRunner(c.w.deps, { id: c.runner.id });
        return c.logs(c.token);
      },
      INVALID,
    ],
    [
      'a job token as the registration token',
      async () => {
        const c = await claimed();
        return c.w.heartbeat(c.token);
      },
      { status: 401, code: 'runner.token_invalid' },
    ],
    [
      'a registration token as a job token',
      async () => {
        const c = await claimed();
        return c.logs(c.runner.token);
      },
      INVALID,
    ],
  ])('refuses %s', async (_name, attempt, expected) => {
    expect(await answer(await attempt())).toEqual(expected);
  });

  it('refuses the checkout token on a push, and a job token of another kind on a fetch', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada', 'app', true);
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const { runner } = await registerRunner(w.deps, { name: 'r1', labels: ['ubuntu-latest'] });
    const { outcome } = await claimJob(w.deps, { runnerId: runner.id });
    if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
    const jobTokens = new JoseJobTokens(ROOT_KEY, w.deps.random);
    const scope = { runnerId: runner.id, jobId: outcome.job.id, runId: outcome.run.id, repoId: repo.id };
    const checkout = (await jobTokens.mint({ ...scope, purpose: 'checkout' }, w.deps.clock.now())).token;
    const api = (await jobTokens.mint({ ...scope, purpose: 'api' }, w.deps.clock.now())).token;
    const deps = {
      ...w.deps,
      checkout: { jobTokens, runs: w.deps.runs, runners: w.deps.runners, clock: w.deps.clock },
    };
    const git = (service: 'upload-pack' | 'receive-pack', password: string) =>
      authorizeGitRequest(deps, { ownerName: 'ada', name: 'app', service, password });
    expect(await git('upload-pack', checkout)).toMatchObject({ userId: null });
    await expect(git('receive-pack', checkout)).rejects.toMatchObject({
      code: 'git.checkout_token_read_only',
    });
    await expect(git('upload-pack', api)).rejects.toMatchObject({ code: 'job.token_invalid' });
  });

  const writeRoutes = Object.keys(PAT_ROUTES).filter((route) => !route.startsWith('GET '));
  it.each(writeRoutes)('refuses a repo:read PAT on %s', async (route) => {
    const world = await seedPatRouteWorld('public');
    const res = await world.callScoped(route, ['repo:read']);
    if (route === 'DELETE /api/v1/user/tokens/:id') {
      // Deliberate: any token of a user may revoke the user's tokens, so a leaked token can
      // be switched off with itself (and revoking is all a read token can do here).
      expect(res.status).toBe(204);
      return;
    }
    expect({ status: res.status, code: JSON.parse(res.text).code }).toEqual({
      status: 403,
      code: 'token.scope_insufficient',
    });
  });

  it('refuses a PAT as a job token, and a job token as a PAT', async () => {
    const c = await claimed();
    const world = await seedPatRouteWorld('public');
    const pat = (await createAccessToken(world.deps, { userName: 'ada', scopes: ['admin'] })).token;
    expect(await answer(await c.logs(pat))).toEqual(INVALID);
    const res = await world.send('GET /api/v1/repos/:owner/:repo/actions/runs', c.token);
    expect({ status: res.status, code: JSON.parse(res.text).code }).toEqual({
      status: 401,
      code: 'token.invalid',
    });
  });
});
