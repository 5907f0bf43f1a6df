/** The web UI's pages over memory adapters: what each shows, to whom, and the 404s. */
import { describe, expect, it } from 'vitest';
import { checkRunExternalId } from '../../../../src/domain/triggers/check-runs.js';
import { plannedJob } from '../../../support/job-seed.js';
import { makeUiWorld } from './ui-world.js';

describe('web UI pages', () => {
  it('lists the repositories a viewer may read, private ones only to those with access', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    await w.repo('ada', 'open');
    await w.repo('ada', 'vault', true);
    const anonymous = (await w.browser().get('/')).text;
    expect(anonymous).toContain('href="/ada/open"');
    expect(anonymous).not.toContain('vault');
    const ada = await w.signedIn('ada2');
    expect((await ada.get('/')).text).not.toContain('vault');
    const owner = w.browser();
    await owner.signIn('ada');
    expect((await owner.get('/')).text).toContain('href="/ada/vault"');
  });

  it('pages the repository list, thirty to a page', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    for (let i = 0; i < 31; i++) await w.repo('ada', `r${String(i).padStart(2, '0')}`);
    const first = (await w.browser().get('/')).text;
    expect(first).toContain('Page 1 of 2');
    expect(first).not.toContain('href="/ada/r30"');
    expect((await w.browser().get('/?page=2')).text).toContain('href="/ada/r30"');
  });

  it('shows a green check linking to the run once the latest commit’s checks succeeded', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'scratch');
    const b = w.browser();
    expect((await b.get('/ada/scratch')).text).toContain('This repository is empty');
    const { run } = await w.pushRun(repo);
    expect((await b.get('/ada/scratch')).text).toMatch(
      /data-status="pending" href="\/ada\/scratch\/actions\/runs\/1"/,
    );
    await w.deps.checks.updateCheckRun(
      repo.id,
      checkRunExternalId(run.id, 'build'),
      { status: 'completed', conclusion: 'success' },
      w.deps.clock.now(),
    );
    const page = (await b.get('/ada/scratch')).text;
    expect(page).toMatch(
      /<a class="status s-success" data-status="success" href="\/ada\/scratch\/actions\/runs\/1">/,
    );
    expect(page).toContain('<span>Success — CI #1</span>');
    expect(page).toContain('href="/ada/scratch/actions"');
  });

  it('shows the run: trigger, ref, commit and each queued job’s waiting reason in words', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'scratch');
    const { sha } = await w.pushRun(repo, {
      jobs: [
        plannedJob('nope', { runsOn: ['windows-latest'] }),
        plannedJob('after', { needsJobs: ['nope'] }),
      ],
    });
    const page = (await w.browser().get('/ada/scratch/actions/runs/1')).text;
    expect(page).toContain('Triggered via <strong>push</strong> on <code>refs/heads/trunk</code>');
    expect(page).toContain(sha.slice(0, 7));
    expect(page).toContain('<strong>Waiting for runner with labels: windows-latest</strong>');
    expect(page).toContain('0 runners match these labels');
    expect(page).toContain('Waiting for job nope to succeed');
    expect(page).toMatch(/<ol class="stages"><li>nope<\/li><li>after<\/li><\/ol>/);
  });

  it('says a pull request run from an untrusted author is waiting for approval', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'scratch');
    await w.pushRun(repo, { event: 'pull_request', needApproval: true });
    const page = (await w.browser().get('/ada/scratch/actions/runs/1')).text;
    expect(page).toContain('Triggered via <strong>pull request</strong>');
    expect(page).toContain('<strong>Waiting for approval</strong>');
  });

  it('answers 404 pages for a private repository to anonymous viewers and outsiders, on every page', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'vault', true);
    const { jobs } = await w.pushRun(repo);
    const paths = [
      '/ada/vault',
      '/ada/vault/actions',
      '/ada/vault/actions/runs/1',
      `/ada/vault/actions/runs/1/jobs/${jobs[0]!.id}`,
      `/ada/vault/actions/runs/1/jobs/${jobs[0]!.id}/logs`,
      '/ada/vault/pulls',
      '/ada/vault/pull/1/checks',
    ];
    const outsider = await w.signedIn('eve');
    const owner = w.browser();
    await owner.signIn('ada');
    for (const path of paths) {
      for (const b of [w.browser(), outsider]) {
        const page = await b.get(path);
        expect([path, page.status]).toEqual([path, 404]);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page.text).not.toContain('vault');
      }
      if (!path.endsWith('/checks')) expect([path, (await owner.get(path)).status]).toEqual([path, 200]);
    }
  });

  it('renders a step printing HTML and ANSI escapes as text; the raw log is the API’s bytes', async () => {
    const w = makeUiWorld();
    const { token } = await (async () => {
      await w.user('ada');
      const { createAccessToken } = await import('../../../../src/domain/tokens/personal-access-token.js');
      return createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:read'] });
    })();
    const repo = await w.repo('ada', 'scratch');
    const { jobs } = await w.pushRun(repo);
    const [step] = await w.deps.runs.listSteps([jobs[0]!.id]);
    w.logChunk(step!.id, 0, '<script>alert(1)</script>\n\u001b[31mred\u001b[0m plain\n');
    const jobPath = `/ada/scratch/actions/runs/1/jobs/${jobs[0]!.id}`;
    const page = (await w.browser().get(jobPath)).text;
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<span class="esc">&#27;[31m</span><span class="ansi-red-fg">red</span>');
    expect(page).toContain('id="step-1-L2"><a class="ln" href="#step-1-L2">2</a>');
    const raw = await w.browser().get(`${jobPath}/logs`);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const api = await w.app.request(`/api/v1/repos/ada/scratch/actions/jobs/${jobs[0]!.id}/logs`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(raw.text).toBe(await api.text());
    expect(raw.text).toContain('<script>alert(1)</script>\n');
  });

  it('filters and pages the runs list, and refuses a bad filter with a 400 page', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'scratch');
    for (let i = 0; i < 27; i++) await w.pushRun(repo, { event: i === 0 ? 'workflow_dispatch' : 'push' });
    const b = w.browser();
    const first = (await b.get('/ada/scratch/actions')).text;
    expect(first).toContain('27 runs');
    expect(first).toContain('Page 1 of 2');
    expect((await b.get('/ada/scratch/actions?page=2')).text).toContain('href="/ada/scratch/actions/runs/1"');
    const dispatched = (await b.get('/ada/scratch/actions?event=workflow_dispatch&branch=trunk')).text;
    expect(dispatched).toContain('1 run<');
    expect((await b.get('/ada/scratch/actions?status=bogus')).status).toBe(400);
  });

  it('keeps the JSON 404 for API paths and gives browsers an HTML 404 for unknown pages', async () => {
    const w = makeUiWorld();
    const html = { accept: 'text/html' };
    for (const path of ['/api/v1', '/api/v1/nothing', '/api/v1/repos/x/y/actions/nope']) {
      const res = await w.app.request(path, { headers: html });
      expect([path, res.status, await res.json()]).toEqual([
        path,
        404,
        { error: 'not found', code: 'route.not_found' },
      ]);
    }
    const page = await w.app.request('/a/b/c/d', { headers: html });
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    const api = await w.app.request('/a/b/c/d');
    expect(await api.json()).toEqual({ error: 'not found', code: 'route.not_found' });
  });

  it('serves the stylesheet and script under content-hashed, long-cached names', async () => {
    const w = makeUiWorld();
    const page = (await w.browser().get('/')).text;
    const css = /href="(\/static\/ui\.[0-9a-f]{12}\.css)"/.exec(page)?.[1];
    const js = /src="(\/static\/ui\.[0-9a-f]{12}\.js)"/.exec(page)?.[1];
    for (const [path, type] of [
      [css, 'text/css; charset=utf-8'],
      [js, 'text/javascript; charset=utf-8'],
    ]) {
      const res = await w.app.request(path!);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, type]);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await w.app.request('/static/ui.css')).status).toBe(404);
  });

  it('lists pull requests and a pull request’s check runs linking to their runs', async () => {
    const w = makeUiWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada', 'scratch');
    const { sha } = await w.pushRun(repo);
    const now = w.deps.clock.now();
    await w.deps.pullRequests.createPullRequest({
      baseRepoId: repo.id,
      title: 'Patch <b>it</b>',
      authorUserId: ada.id,
      headRepoId: repo.id,
      headBranch: 'patch',
      headSha: sha,
      baseBranch: 'trunk',
      createdAt: now,
    });
    const b = w.browser();
    expect((await b.get('/ada/scratch/pulls')).text).toContain(
      'href="/ada/scratch/pull/1/checks">#1 Patch &lt;b&gt;it&lt;/b&gt;</a>',
    );
    const checks = (await b.get('/ada/scratch/pull/1/checks')).text;
    expect(checks).toContain('<td>build</td>');
    expect(checks).toContain('href="/ada/scratch/actions/runs/1">CI #1</a>');
    expect((await b.get('/ada/scratch/pull/2/checks')).status).toBe(404);
  });
});
