/**
 * The web UI's forms: every post needs the session's CSRF token and changes nothing without
 * it; buttons appear only to those who may use them, and a forged post by anyone else is 404.
 */
import { describe, expect, it } from 'vitest';
import { plannedJob } from '../../../support/job-seed.js';
import { makeUiWorld } from './ui-world.js';

async function worldWithRun(extra: Parameters<ReturnType<typeof makeUiWorld>['pushRun']>[1] = {}) {
  const w = makeUiWorld();
  await w.user('ada');
  const repo = await w.repo('ada', 'scratch');
  const pushed = await w.pushRun(repo, {
    jobs: [plannedJob('nope', { runsOn: ['windows-latest'] })],
    ...extra,
  });
  const runStatus = async () => (await w.deps.runs.getRun(pushed.run.id))!.status;
  return { w, repo, run: pushed.run, runStatus };
}

const RUN = '/ada/scratch/actions/runs/1';

describe('web UI forms and who may use them', () => {
  it('refuses a cancel without a valid CSRF token and leaves the run queued', async () => {
    const { w, runStatus } = await worldWithRun();
    const ada = w.browser();
    await ada.signIn('ada');
    await ada.get(RUN);
    const eve = await w.signedIn('eve', { admin: true });
    for (const csrf of ['', 'x'.repeat(43), eve.csrf]) {
      const answer = await ada.post(`${RUN}/cancel`, { csrf });
      expect([csrf, answer.status]).toEqual([csrf, 403]);
      expect(answer.text).toContain('not sent by this site');
    }
    expect((await w.browser().post(`${RUN}/cancel`, { csrf: ada.csrf })).status).toBe(403);
    expect(await runStatus()).toBe('queued');
  });

  it('shows a reader no buttons and answers a forged post 404, changing nothing', async () => {
    const { w, repo, runStatus } = await worldWithRun();
    await w.user('rita');
    await w.grant(repo, 'rita', 'read');
    const rita = w.browser();
    await rita.signIn('rita');
    const page = await rita.get(RUN);
    expect(page.text).not.toContain('data-action=');
    for (const action of ['cancel', 'rerun', 'rerun-failed', 'approve', 'reject']) {
      expect([action, (await rita.post(`${RUN}/${action}`)).status]).toEqual([action, 404]);
    }
    expect(await runStatus()).toBe('queued');
    expect((await w.browser().get(RUN)).text).not.toContain('data-action=');
  });

  it('lets a writer cancel from the run page and back to it, the run ending cancelled', async () => {
    const { w, repo, run } = await worldWithRun();
    await w.user('wes');
    await w.grant(repo, 'wes', 'write');
    const wes = w.browser();
    await wes.signIn('wes');
    const page = await wes.get(RUN);
    expect(page.text).toContain('data-action="cancel"');
    expect(page.text).not.toContain('data-action="rerun"');
    const answer = await wes.post(`${RUN}/cancel`);
    expect([answer.status, answer.headers.get('location')]).toEqual([303, RUN]);
    expect(await w.deps.runs.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(w.deps.metrics.counter('jobs_cancelled_total', { reason: 'user' })).toBe(1);
    const rerun = await wes.post(`${RUN}/rerun`);
    expect(rerun.headers.get('location')).toBe('/ada/scratch/actions/runs/2');
  });

  it('lets a writer approve a run awaiting approval; a reader’s approval is 404', async () => {
    const { w, repo, run } = await worldWithRun({ event: 'pull_request', needApproval: true });
    await w.user('rita');
    await w.grant(repo, 'rita', 'read');
    const rita = w.browser();
    await rita.signIn('rita');
    await rita.get(RUN);
    expect((await rita.post(`${RUN}/approve`)).status).toBe(404);
    expect((await w.deps.runs.getRun(run.id))?.approvedByUserId).toBeNull();
    const ada = w.browser();
    await ada.signIn('ada');
    expect((await ada.get(RUN)).text).toContain('data-action="approve"');
    expect((await ada.post(`${RUN}/approve`)).status).toBe(303);
    expect((await w.deps.runs.getRun(run.id))?.approvedByUserId).not.toBeNull();
    expect((await ada.get(RUN)).text).not.toContain('Waiting for approval');
  });

  it('shows /admin/runners to site administrators only; others sign in first or get 404', async () => {
    const w = makeUiWorld();
    const anonymous = await w.browser().get('/admin/runners');
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([
      303,
      '/login?next=%2Fadmin%2Frunners',
    ]);
    const user = await w.signedIn('ada');
    expect((await user.get('/admin/runners')).status).toBe(404);
    const admin = await w.signedIn('root', { admin: true });
    const page = await admin.get('/admin/runners');
    expect(page.status).toBe(200);
    expect(page.text).toContain('No runner is registered');
  });

  it('drains with a reason, undrains and revokes (with confirmation) from /admin/runners', async () => {
    const w = makeUiWorld();
    const { registerRunner } = await import('../../../../src/domain/runners/register-runner.js');
    const { runner } = await registerRunner(w.deps, { name: 'runner-1' });
    const user = await w.signedIn('ada');
    const admin = await w.signedIn('root', { admin: true });
    await admin.get('/admin/runners');
    const base = `/admin/runners/${runner.id}`;
    expect((await user.post(`${base}/drain`, { reason: 'mine' })).status).toBe(404);
    expect((await admin.post(`${base}/drain`, { csrf: '', reason: 'nope' })).status).toBe(403);
    expect((await w.deps.runners.findById(runner.id))?.drainingAt).toBeNull();
    expect((await admin.post(`${base}/drain`, { reason: 'kernel update' })).status).toBe(303);
    expect((await admin.get('/admin/runners')).text).toContain('<strong>kernel update</strong>');
    expect((await admin.post(`${base}/undrain`)).status).toBe(303);
    expect((await w.deps.runners.findById(runner.id))?.drainingAt).toBeNull();
    expect((await admin.post(`${base}/revoke`, { reason: 'host compromise' })).status).toBe(400);
    expect((await admin.post(`${base}/revoke`, { reason: 'host compromise', confirm: 'yes' })).status).toBe(
      303,
    );
    const after = (await admin.get('/admin/runners')).text;
    expect(after).toContain('<strong>host compromise</strong>');
    expect((await admin.post('/admin/runners/999/drain', {})).status).toBe(404);
  });

  it('refuses forms that are not url-encoded, repeat a field or carry unknown fields', async () => {
    const { w, runStatus } = await worldWithRun();
    const ada = w.browser();
    await ada.signIn('ada');
    await ada.get(RUN);
    expect((await ada.post(`${RUN}/cancel`, { extra: '1' })).status).toBe(400);
    const json = await w.app.request(`${RUN}/cancel`, {
      method: 'POST',
      headers: {
        cookie: `shithub_session=${ada.jar.get('shithub_session')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ csrf: ada.csrf }),
    });
    expect(json.status).toBe(400);
    expect(await runStatus()).toBe('queued');
  });
});
