/**
 * Issue #9 "done when" (security), in Chromium against `shithubd serve`: session cookie
 * flags, CSRF on every form, no buttons and a 404 for a reader's forged post, private
 * repositories 404 to outsiders and anonymous viewers — and axe-core on the sign-in and
 * error pages.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Forge, startForge } from '../support/agent/runner-e2e.js';
import {
  BROWSER_SKIP_NOTE,
  describeBrowser,
  expectAccessible,
  launchBrowser,
  signInAs,
  type TestBrowser,
} from '../support/browser.js';

const NOPE = readFileSync(new URL('../fixtures/workflows/windows-latest.yml', import.meta.url), 'utf8');
const PASSWORD = 'browser test password';
type Json = Record<string, unknown>;

describeBrowser(`web UI in Chromium: sessions, CSRF and access${BROWSER_SKIP_NOTE}`, () => {
  let forge: Forge;
  let b: TestBrowser;
  let base = '';
  const runOf = async (repo: string) =>
    ((await forge.json(`/api/v1/repos/ada/${repo}/actions/runs`)).workflow_runs as Json[])[0]!;

  beforeAll(async () => {
    forge = await startForge({
      adaPassword: PASSWORD,
      repos: [{ name: 'open' }, { name: 'vault', private: true }],
      runners: [],
      users: [
        { name: 'rita', password: PASSWORD },
        { name: 'eve', password: PASSWORD },
      ],
      collaborators: [{ repo: 'open', user: 'rita', role: 'read' }],
    });
    base = forge.server.url;
    for (const repo of ['open', 'vault']) {
      await forge.push(repo, { 'README.md': `# ${repo}\n`, '.shithub/workflows/nope.yml': NOPE });
      const path = `/api/v1/repos/ada/${repo}/actions/workflows/nope.yml/dispatches`;
      expect((await forge.api(path, { method: 'POST', body: '{}' })).status).toBe(204);
    }
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await forge?.close();
  }, 60_000);

  it('signs in through an accessible form into an HttpOnly, SameSite=Lax session cookie', async () => {
    await b.context.clearCookies();
    await b.page.goto(`${base}/login`);
    await expectAccessible(b.page);
    await signInAs(b, base, 'ada', PASSWORD);
    const session = (await b.context.cookies()).find((c) => c.name === 'shithub_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(await b.page.locator('header.site').textContent()).toContain('Signed in as ada');
  }, 60_000);

  it('refuses a form post without a valid CSRF token and changes nothing', async () => {
    await signInAs(b, base, 'ada', PASSWORD);
    const { page } = b;
    await page.goto(`${base}/ada/open/actions/runs/1`);
    expect(await page.locator('[data-action="cancel"]').count()).toBe(1);
    for (const form of [{}, { csrf: '' }, { csrf: 'A'.repeat(43) }] as Record<string, string>[]) {
      const answer = await page.request.post(`${base}/ada/open/actions/runs/1/cancel`, {
        form,
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(403);
    }
    expect(await runOf('open')).toMatchObject({ status: 'queued' });
    await page.goto(`${base}/ada/open/actions/runs/1`);
    const errorPage = await page.request.post(`${base}/ada/open/actions/runs/1/cancel`, { form: {} });
    await page.setContent(await errorPage.text());
    expect(await page.locator('h1').textContent()).toBe('Refused');
  }, 60_000);

  it('shows a reader no buttons, and answers the reader’s forged post 404 without changing the run', async () => {
    await signInAs(b, base, 'rita', PASSWORD);
    const { page } = b;
    await page.goto(`${base}/ada/open/actions/runs/1`);
    expect(await page.locator('.waiting').textContent()).toContain(
      'Waiting for runner with labels: windows-latest',
    );
    expect(await page.locator('[data-action]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /cancel|re-run|approve|reject/i }).count()).toBe(0);
    const csrf = (await page.locator('form[action="/logout"] input[name="csrf"]').getAttribute('value'))!;
    for (const action of ['cancel', 'rerun', 'approve']) {
      const answer = await page.request.post(`${base}/ada/open/actions/runs/1/${action}`, { form: { csrf } });
      expect([action, answer.status()]).toEqual([action, 404]);
    }
    expect(await runOf('open')).toMatchObject({ status: 'queued' });
    await expectAccessible(page);
  }, 60_000);

  it('answers every page of a private repository 404 to anonymous viewers and outsiders', async () => {
    const [job] = (await forge.json(`/api/v1/repos/ada/vault/actions/runs/${(await runOf('vault')).id}/jobs`))
      .jobs as Json[];
    const pages = [
      '/ada/vault',
      '/ada/vault/actions',
      '/ada/vault/actions/runs/1',
      `/ada/vault/actions/runs/1/jobs/${job!.id}`,
      `/ada/vault/actions/runs/1/jobs/${job!.id}/logs`,
      '/ada/vault/pulls',
    ];
    const { page } = b;
    for (const who of [null, 'eve']) {
      if (who) await signInAs(b, base, who, PASSWORD);
      else await b.context.clearCookies();
      for (const path of pages) {
        const answer = await page.goto(`${base}${path}`);
        expect([who, path, answer?.status()]).toEqual([who, path, 404]);
        expect(await page.content()).not.toContain('vault');
      }
      await page.goto(`${base}/`);
      expect(await page.locator('main').textContent()).not.toContain('vault');
    }
    await page.goto(`${base}/ada/vault`);
    await expectAccessible(page);
    await signInAs(b, base, 'ada', PASSWORD);
    for (const path of pages)
      expect([path, (await page.goto(`${base}${path}`))?.status()]).toEqual([path, 200]);
  }, 90_000);
});
