import { describe, expect, it } from 'vitest';
import { JoseJobTokens } from '../../../src/adapters/system/jose-job-tokens.js';
import { addCollaborator } from '../../../src/domain/forge/collaborator.js';
import { authorizeGitRequest, type GitService } from '../../../src/domain/git/authorize-git.js';
import { claimJob } from '../../../src/domain/jobs/claim-job.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../../src/domain/runners/revoke-runner.js';
import { createAccessToken } from '../../../src/domain/tokens/personal-access-token.js';
import { makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  await w.user('bob');
  await w.repo('ada', 'public');
  const secret = await w.repo('ada', 'secret', true);
  const pat = async (user: string, scopes: string[]) =>
    (await createAccessToken(w.deps, { userName: user, scopes })).token;
  const jobTokens = new JoseJobTokens(new Uint8Array(32).fill(3), w.deps.random);
  const deps = {
    ...w.deps,
    checkout: { jobTokens, runs: w.deps.runs, runners: w.deps.runners, clock: w.deps.clock },
  };
  const authorize = (name: string, service: GitService, password: string | null, ownerName = 'ada') =>
    authorizeGitRequest(deps, { ownerName, name, service, password });
  return { w, ada, secret, pat, jobTokens, authorize };
}

describe('authorizeGitRequest', () => {
  it('lets anyone fetch a public repository and asks anonymous callers to sign in for the rest', async () => {
    const { authorize } = await world();
    expect(await authorize('public', 'upload-pack', null)).toMatchObject({ remoteUser: '', userId: null });
    for (const [name, service] of [
      ['public', 'receive-pack'],
      ['secret', 'upload-pack'],
      ['missing', 'upload-pack'],
      ['../etc', 'upload-pack'],
    ] as const) {
      await expect(authorize(name, service, '')).rejects.toMatchObject({
        kind: 'unauthenticated',
        code: 'git.auth_required',
      });
    }
  });

  it('rejects a wrong token as unauthenticated, never revealing the repository', async () => {
    const { authorize } = await world();
    await expect(authorize('secret', 'upload-pack', `shp_${'0'.repeat(64)}`)).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'token.invalid',
    });
    await expect(authorize('secret', 'upload-pack', 'hunter2')).rejects.toMatchObject({
      kind: 'unauthenticated',
    });
  });

  it('lets the owner push with repo:write and fetch a private repository with repo:read', async () => {
    const { authorize, pat, ada } = await world();
    const writer = await pat('ada', ['repo:write']);
    expect(await authorize('secret', 'receive-pack', writer)).toMatchObject({
      remoteUser: 'ada',
      userId: ada.id,
    });
    const reader = await pat('ada', ['repo:read']);
    expect(await authorize('secret', 'upload-pack', reader)).toMatchObject({ remoteUser: 'ada' });
    await expect(authorize('secret', 'receive-pack', reader)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'token.scope_insufficient',
    });
  });

  it('answers 404 to a signed-in user who cannot see the repository and 403 to a reader who pushes', async () => {
    const { w, authorize, pat } = await world();
    const bob = await pat('bob', ['repo:write']);
    await expect(authorize('secret', 'upload-pack', bob)).rejects.toMatchObject({
      kind: 'not_found',
      code: 'repo.not_found',
    });
    await expect(authorize('missing', 'upload-pack', bob)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(authorize('public', 'receive-pack', bob)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'repo.forbidden',
    });
    await addCollaborator(w.deps, { repoPath: 'ada/secret', userName: 'bob', role: 'write' });
    expect(await authorize('secret', 'receive-pack', bob)).toMatchObject({ remoteUser: 'bob' });
  });

  it('accepts a checkout token for fetching its own repository while the job runs on its runner', async () => {
    const { w, ada, secret, jobTokens, authorize } = await world();
    await w.push(secret, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const { runner } = await registerRunner(w.deps, { name: 'r1', labels: ['ubuntu-latest'] });
    const { outcome } = await claimJob(w.deps, { runnerId: runner.id, hostName: 'h', version: 't' });
    if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
    const claims = { runnerId: runner.id, jobId: outcome.job.id, runId: outcome.run.id, repoId: secret.id };
    const checkout = (await jobTokens.mint({ ...claims, purpose: 'checkout' }, w.deps.clock.now())).token;
    expect(await authorize('secret', 'upload-pack', checkout)).toMatchObject({
      remoteUser: `runner-${runner.id}`,
      userId: null,
    });
    expect(await authorize('secret', 'upload-pack', checkout)).toMatchObject({ userId: null });
    await expect(authorize('secret', 'receive-pack', checkout)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'git.checkout_token_read_only',
    });
    await expect(authorize('public', 'upload-pack', checkout)).rejects.toMatchObject({ kind: 'not_found' });
    const api = (await jobTokens.mint({ ...claims, purpose: 'api' }, w.deps.clock.now())).token;
    await expect(authorize('secret', 'upload-pack', api)).rejects.toMatchObject({
      code: 'job.token_invalid',
    });
    await revokeRunner(w.deps, { id: runner.id, reason: 'test' });
    await expect(authorize('secret', 'upload-pack', checkout)).rejects.toMatchObject({
      code: 'job.token_invalid',
    });
  });

  it('refuses a checkout token once it expired, or at all when no key is configured', async () => {
    const { w, secret, jobTokens, authorize } = await world();
    const token = (
      await jobTokens.mint(
        { runnerId: 1, jobId: 1, runId: 1, repoId: secret.id, purpose: 'checkout' },
        w.deps.clock.now(),
      )
    ).token;
    await expect(
      authorizeGitRequest(w.deps, {
        ownerName: 'ada',
        name: 'secret',
        service: 'upload-pack',
        password: token,
      }),
    ).rejects.toMatchObject({ kind: 'unauthenticated', code: 'job.token_invalid' });
    w.deps.clock.advance(16 * 60 * 1000);
    await expect(authorize('secret', 'upload-pack', token)).rejects.toMatchObject({
      code: 'job.token_invalid',
    });
  });
});
