/**
 * Issue #9 "done when", in Chromium against `shithubd serve` with a real runner (host
 * engine): the runbook's smoke workflow seen from the repository page down to the raw log,
 * the unsupported-label run cancelled from its page, a drained pool, an untrusted pull
 * request approved by a writer only, hostile step output shown as text — and axe-core on
 * every page on the way.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, type Forge, startForge, startRunner } from '../support/agent/runner-e2e.js';
import { finishedJob } from '../support/agent/runner-e2e-suite.js';
import {
  BROWSER_SKIP_NOTE,
  describeBrowser,
  expectAccessible,
  launchBrowser,
  pageLogText,
  signInAs,
  type TestBrowser,
} from '../support/browser.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/workflows/${name}`, import.meta.url), 'utf8');
const PASSWORD = 'browser test password';
const HOSTILE = `on: { push: { branches: [trunk] } }
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - name: Hostile output
        run: |
          printf '<script>alert(1)</script>\\n'
          printf '\\033[31mred\\033[0m plain\\n'
          echo '::group::Folded'
          echo inside the group
          echo '::endgroup::'
`;

describeBrowser(`web UI in Chromium: runs, logs, approvals and the pool${BROWSER_SKIP_NOTE}`, () => {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  let b: TestBrowser;
  let base = '';

  beforeAll(async () => {
    forge = await startForge({
      adaPassword: PASSWORD,
      repos: [{ name: 'scratch' }, { name: 'labels' }, { name: 'prs' }, { name: 'hostile' }],
      runners: ['runner-1'],
      users: [
        { name: 'wes', password: PASSWORD },
        { name: 'rita', password: PASSWORD },
        { name: 'eve', password: PASSWORD, pat: true },
        { name: 'root', password: PASSWORD, admin: true },
      ],
      collaborators: [
        { repo: 'prs', user: 'wes', role: 'write' },
        { repo: 'prs', user: 'rita', role: 'read' },
      ],
    });
    base = forge.server.url;
    runner = await startRunner(forge, forge.runners['runner-1']!.token, { engine: 'host' });
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await runner?.stop();
    await forge?.close();
  }, 60_000);

  it('shows the smoke run green from the repository heading down to a log equal to the raw download', async () => {
    await forge.push('scratch', {
      'README.md': '# scratch\n',
      '.shithub/workflows/smoke.yml': fixture('smoke.yml'),
    });
    const job = await finishedJob(forge, 'scratch');
    expect(job.conclusion).toBe('success');
    const { page } = b;
    await page.goto(`${base}/`);
    await expectAccessible(page);
    await page.goto(`${base}/ada/scratch`);
    const check = page.locator('header.repo a[data-status="success"]');
    await expect.poll(() => check.getAttribute('href')).toBe('/ada/scratch/actions/runs/1');
    await expectAccessible(page);
    await check.click();
    await page.waitForURL(`${base}/ada/scratch/actions/runs/1`);
    const trigger = (await page.locator('p.trigger').textContent()) ?? '';
    expect(trigger).toContain('Triggered via push');
    expect(trigger).toContain('refs/heads/trunk');
    const green = page.locator('li.job[data-job-key="green"]');
    expect(await green.locator('[data-status]').getAttribute('data-status')).toBe('success');
    expect(await green.textContent()).toContain('Success');
    await expectAccessible(page);
    await green.getByRole('link', { name: 'green' }).click();
    await page.waitForURL(/\/jobs\/\d+$/);
    const smoke = page.locator('li.step[data-step-name="Smoke"] .log');
    expect(await smoke.textContent()).toContain('shithub actions smoke passed');
    const raw = await page.request.get(
      new URL((await page.locator('a[data-raw-log]').getAttribute('href'))!, base).href,
    );
    expect(Buffer.from(await raw.body()).equals(Buffer.from(await pageLogText(page), 'utf8'))).toBe(true);
    await expectAccessible(page);
    await page.goto(`${base}/ada/scratch/actions`);
    await expectAccessible(page);
  }, 120_000);

  it('renders a step printing HTML and ANSI escapes as text, colours and a folded group', async () => {
    await forge.push('hostile', { '.shithub/workflows/hostile.yml': HOSTILE });
    const job = await finishedJob(forge, 'hostile');
    const { page } = b;
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(`${base}/ada/hostile/actions/runs/1/jobs/${job.id}`);
    const log = page.locator('li.step[data-step-name="Hostile output"] .log');
    expect(await log.locator('.log-text', { hasText: '<script>alert(1)</script>' }).count()).toBe(1);
    expect(await log.locator('script').count()).toBe(0);
    expect(await log.locator('.ansi-red-fg').textContent()).toBe('red');
    const group = log.locator('details.log-group');
    expect(await group.getAttribute('open')).toBeNull();
    await group.locator('summary').click();
    expect(await group.getAttribute('open')).toBe('');
    expect(dialogs).toBe(0);
    const raw = await page.request.get(`${base}/ada/hostile/actions/runs/1/jobs/${job.id}/logs`);
    expect(Buffer.from(await raw.body()).equals(Buffer.from(await pageLogText(page), 'utf8'))).toBe(true);
    await expectAccessible(page);
  }, 120_000);

  it('says why the unsupported-label run waits, and cancelling it from the page ends it cancelled', async () => {
    await forge.push('labels', { '.shithub/workflows/nope.yml': fixture('windows-latest.yml') });
    const dispatched = await forge.api('/api/v1/repos/ada/labels/actions/workflows/nope.yml/dispatches', {
      method: 'POST',
      body: '{}',
    });
    expect(dispatched.status).toBe(204);
    await signInAs(b, base, 'ada', PASSWORD);
    const { page } = b;
    await page.goto(`${base}/ada/labels/actions/runs/1`);
    expect(await page.locator('.waiting').textContent()).toContain(
      'Waiting for runner with labels: windows-latest',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(`${base}/ada/labels/actions/runs/1`),
      page.getByRole('button', { name: 'Cancel run' }).click(),
    ]);
    const [run] = (await forge.json('/api/v1/repos/ada/labels/actions/runs')).workflow_runs as Record<
      string,
      unknown
    >[];
    expect(run).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(await page.locator('dl.facts [data-status]').first().textContent()).toContain('Cancelled');
  }, 120_000);

  it('shows a drained runner’s reason on /admin/runners and undrains it again', async () => {
    await signInAs(b, base, 'root', PASSWORD);
    const { page } = b;
    await page.goto(`${base}/admin/runners`);
    await expectAccessible(page);
    await page.getByLabel('Drain reason').fill('kernel update');
    await Promise.all([
      page.waitForURL(`${base}/admin/runners`),
      page.getByRole('button', { name: 'Drain runner-1' }).click(),
    ]);
    expect(await page.locator('tr[data-runner="runner-1"] .drain').textContent()).toContain('kernel update');
    await expectAccessible(page);
    const listed = JSON.parse(await forge.adminCli(['admin', 'runner', 'list', '--output', 'json'])) as {
      drain_reason: string;
    }[];
    expect(listed[0]?.drain_reason).toBe('kernel update');
    await Promise.all([
      page.waitForURL(`${base}/admin/runners`),
      page.getByRole('button', { name: 'Undrain runner-1' }).click(),
    ]);
    expect(await page.locator('tr[data-runner="runner-1"]').textContent()).toContain('active');
  }, 120_000);

  it('makes an untrusted pull request wait for approval that only a writer can give', async () => {
    await forge.push('prs', { 'README.md': '# prs\n' });
    const eve = forge.pats.eve!;
    const eveApi = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${eve}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await eveApi('/api/v1/repos/ada/prs/forks', {})).status).toBe(202);
    const fork = forge.git.workdir('eve-prs');
    await forge.git.ok(['clone', '--quiet', `${base}/eve/prs.git`, fork]);
    await forge.git.ok(['checkout', '--quiet', '-b', 'patch'], { cwd: fork });
    writeFileSync(join(fork, 'PR.md'), 'a change\n');
    mkdirSync(join(fork, '.shithub/workflows'), { recursive: true });
    writeFileSync(join(fork, '.shithub/workflows/pr.yml'), fixture('pr-secret-check.yml'));
    await forge.git.ok(['add', '.'], { cwd: fork });
    await forge.git.ok(['commit', '--quiet', '-m', 'A pull request'], { cwd: fork });
    await forge.git.ok(['push', '--quiet', 'origin', 'patch'], { cwd: fork, password: eve });
    const opened = await eveApi('/api/v1/repos/ada/prs/pulls', {
      title: 'Please merge',
      head: 'eve:patch',
      base: 'trunk',
    });
    expect(opened.status).toBe(201);

    const { page } = b;
    const runPage = `${base}/ada/prs/actions/runs/1`;
    await signInAs(b, base, 'rita', PASSWORD);
    await page.goto(runPage);
    expect(await page.locator('.waiting').textContent()).toContain('Waiting for approval');
    expect(await page.locator('[data-action]').count()).toBe(0);
    const csrf = (await page.locator('form[action="/logout"] input[name="csrf"]').getAttribute('value'))!;
    const forged = await page.request.post(`${runPage}/approve`, { form: { csrf }, maxRedirects: 0 });
    expect(forged.status()).toBe(404);
    await page.goto(`${base}/ada/prs/pulls`);
    await expectAccessible(page);

    await signInAs(b, base, 'wes', PASSWORD);
    await page.goto(runPage);
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(runPage),
      page.getByRole('button', { name: 'Approve and run' }).click(),
    ]);
    const [run] = (await forge.json('/api/v1/repos/ada/prs/actions/runs')).workflow_runs as Record<
      string,
      unknown
    >[];
    expect(run?.approved_by_user_id).not.toBeNull();
    await eventually(async () => {
      const [latest] = (await forge.json('/api/v1/repos/ada/prs/actions/runs')).workflow_runs as Record<
        string,
        unknown
      >[];
      return latest?.status === 'completed' ? latest : undefined;
    }, 90_000);
    await page.goto(`${base}/ada/prs/pull/1/checks`);
    const row = page.locator('tbody tr').first();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('success');
    expect(await row.getByRole('link').getAttribute('href')).toBe('/ada/prs/actions/runs/1');
    await expectAccessible(page);
  }, 150_000);
});
