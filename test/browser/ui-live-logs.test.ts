/**
 * Issue #9 "done when" (live tail) and "large runs stay fast", in Chromium against `shithubd
 * serve` with a real runner (host engine): a step printing a line every 200 ms grows on the
 * page while it runs, across connections the server ends every 2 s (the browser resumes each
 * with `Last-Event-ID`), and ends with exactly the raw download; a 20,000-line log is a
 * virtualised view that scrolls, folds and searches on the server; axe-core on each page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, type Forge, startForge, startRunner } from '../support/agent/runner-e2e.js';
import { finishedJob } from '../support/agent/runner-e2e-suite.js';
import {
  BROWSER_SKIP_NOTE,
  describeBrowser,
  expectAccessible,
  launchBrowser,
  pageLogText,
  type TestBrowser,
} from '../support/browser.js';

type Json = Record<string, unknown>;
const TICKS = 40;
const TICKING = `on: { push: { branches: [trunk] } }
jobs:
  tick:
    runs-on: ubuntu-latest
    steps:
      - name: Tick
        run: for i in $(seq 1 ${TICKS}); do echo "tick $i"; sleep 0.2; done
`;
const BIG = `on: { push: { branches: [trunk] } }
jobs:
  big:
    runs-on: ubuntu-latest
    steps:
      - name: Print a lot
        run: |
          for i in $(seq 1 20000); do
            if [ $((i % 1000)) -eq 1 ]; then echo "::group::Section $i"; fi
            echo "line $i"
            if [ $((i % 1000)) -eq 10 ]; then echo "::endgroup::"; fi
          done
          echo "the needle is here"
      - name: Report
        run: |
          echo "::warning title=Heads up::check the big log"
          echo "### All printed" >> "$GITHUB_STEP_SUMMARY"
          echo "| suite | passed |" >> "$GITHUB_STEP_SUMMARY"
          echo "|---|---|" >> "$GITHUB_STEP_SUMMARY"
          echo "| unit | 42 |" >> "$GITHUB_STEP_SUMMARY"
          echo '<img src=x onerror="window.pwned=1"> [x](javascript:window.pwned=2)' >> "$GITHUB_STEP_SUMMARY"
`;

describeBrowser(`web UI in Chromium: live tail and big logs${BROWSER_SKIP_NOTE}`, () => {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  let b: TestBrowser;
  let base = '';

  beforeAll(async () => {
    forge = await startForge({
      repos: [{ name: 'live' }, { name: 'big' }],
      runners: ['runner-1'],
      env: { SHITHUB_UI__LIVE_LOG_RECONNECT_AFTER: '2s' },
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

  it('shows a running step’s lines growing, resumed across reconnects without a line lost or doubled', async () => {
    await forge.push('live', { '.shithub/workflows/tick.yml': TICKING });
    const job = await eventually(async () => {
      const [j] = await forge.latestJobs('live');
      return j?.job_status === 'running' ? j : undefined;
    }, 90_000);
    const { page } = b;
    await page.goto(`${base}/ada/live/actions/runs/1/jobs/${job.id}`);
    const step = page.locator('li.step[data-step-name="Tick"]');
    const counts: number[] = [];
    for (;;) {
      const [lines, look] = await Promise.all([
        step.locator('.log-line[id]').count(),
        step.locator('summary [data-status]').getAttribute('data-status'),
      ]);
      if (look !== 'pending') break;
      if (counts.at(-1) !== lines) counts.push(lines);
      await page.waitForTimeout(250);
    }
    expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    await page.waitForSelector('ol.steps[data-live-done]', { state: 'attached', timeout: 30_000 });
    // Each reconnect resumed from Last-Event-ID: a restart from the page's cursor would have
    // sent lines again, which the page counts in data-dropped-lines instead of showing them.
    expect(
      Number(await page.locator('ol.steps').getAttribute('data-live-connections')),
    ).toBeGreaterThanOrEqual(2);
    expect(await step.getAttribute('data-dropped-lines')).toBeNull();
    const texts = await step.locator('.log-line[id] .log-text').allTextContents();
    expect(texts).toEqual(Array.from({ length: TICKS }, (_, i) => `tick ${i + 1}`));
    expect(await step.locator('summary [data-status]').getAttribute('data-status')).toBe('success');
    const raw = await page.request.get(`${base}/ada/live/actions/runs/1/jobs/${job.id}/logs`);
    expect(Buffer.from(await raw.body()).equals(Buffer.from(await pageLogText(page), 'utf8'))).toBe(true);
    await expectAccessible(page);
  }, 150_000);

  it('shows a 20,000-line log in a virtualised view that scrolls, folds and searches on the server', async () => {
    await forge.push('big', { '.shithub/workflows/big.yml': BIG });
    const job = (await finishedJob(forge, 'big')) as Json;
    expect(job.conclusion).toBe('success');
    const { page } = b;
    await page.goto(`${base}/ada/big/actions/runs/1/jobs/${job.id}`);
    const step = page.locator('li.step[data-step-name="Print a lot"]');
    await expect.poll(() => step.getAttribute('data-lines')).toBe('20041');
    expect(await step.getAttribute('data-log-mode')).toBe('virtual');
    expect(await step.locator('.log-line').count()).toBeLessThan(200);
    const viewport = step.locator('.log-viewport');
    await viewport.evaluate((vp) => {
      vp.scrollTop = vp.scrollHeight;
    });
    await expect.poll(() => step.locator('.log-text', { hasText: 'the needle is here' }).count()).toBe(1);
    expect(await step.locator('.log-line').count()).toBeLessThan(200);

    await viewport.evaluate((vp) => {
      vp.scrollTop = 0;
    });
    const fold = step.locator('button.fold[data-line="1"]');
    await expect.poll(() => fold.getAttribute('aria-expanded')).toBe('false');
    expect(await step.locator('#step-1-L2').count()).toBe(0);
    await fold.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => step.locator('#step-1-L2').textContent()).toBe('2line 1');
    expect(await step.locator('button.fold[data-line="1"]').getAttribute('aria-expanded')).toBe('true');

    await page.getByLabel('Search the log').fill('line 15005');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('output.search-status').textContent()).toBe('1 matching line');
    const hit = step.locator('.log-line.hl');
    await expect.poll(() => hit.textContent()).toBe('15036line 15005');
    expect(page.url()).toMatch(/#step-1-L15036$/);
    await expectAccessible(page);

    const annotation = page.locator('li.annotation[data-level="warning"]');
    expect(await annotation.textContent()).toContain('Heads up: check the big log');
    // The summary's Markdown is rendered (heading, table); its HTML and script links are not.
    const summary = page.locator('li.step[data-step-name="Report"] .step-summary');
    expect(await summary.locator('.markdown h3').textContent()).toBe('All printed');
    expect(await summary.locator('td').first().textContent()).toBe('unit');
    expect(await summary.locator('img, script, a[href^="javascript"]').count()).toBe(0);
    expect(await summary.textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.goto(`${base}/ada/big/actions/runs/1/jobs/${job.id}/search?q=needle`);
    expect(await page.locator('ol.search-results a').getAttribute('href')).toBe(
      `/ada/big/actions/runs/1/jobs/${job.id}?step=1&line=20041#step-1-L20041`,
    );
    await expectAccessible(page);
    await page.locator('ol.search-results a').click();
    await expect.poll(() => step.locator('.log-line.hl').textContent()).toBe('20041the needle is here');
    await page.goto(`${base}/ada/big/actions/runs/1`);
    expect(await page.locator('#summaries ~ .step-summary .markdown h3').textContent()).toBe('All printed');
    await expectAccessible(page);
  }, 150_000);

  it('shows each line’s time with the timestamps toggle, remembered, and never in the log text', async () => {
    const [job] = await forge.latestJobs('live');
    const { page } = b;
    const jobUrl = `${base}/ada/live/actions/runs/1/jobs/${job!.id}`;
    await page.goto(jobUrl);
    const step = page.locator('li.step[data-step-name="Tick"]');
    const toggle = page.getByLabel('Show timestamps (UTC)');
    const shown = () =>
      step
        .locator('.log-line[id] .ts')
        .evaluateAll((els) =>
          els.map((el) => [getComputedStyle(el).display, getComputedStyle(el, '::before').content]),
        );
    expect(await toggle.isChecked()).toBe(false);
    expect((await shown()).every(([display]) => display === 'none')).toBe(true);
    await toggle.check();
    const on = await shown();
    expect(on).toHaveLength(TICKS);
    expect(on.every(([display, content]) => display !== 'none' && /^"\d\d:\d\d:\d\d"$/.test(content!))).toBe(
      true,
    );
    // The step printed for some 8 s and the runner flushes about once a second: the lines'
    // times (when the server stored them) rise through the step, within its start and end.
    const times = await step
      .locator('.log-line[id] time.ts')
      .evaluateAll((els) => els.map((el) => Date.parse(el.getAttribute('datetime')!)));
    expect(times).toHaveLength(TICKS);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(times).size).toBeGreaterThanOrEqual(3);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3000);
    // The raw download is still exactly the page's log text, times shown or not.
    const raw = await page.request.get(`${jobUrl}/logs`);
    expect(Buffer.from(await raw.body()).equals(Buffer.from(await pageLogText(page), 'utf8'))).toBe(true);
    await expectAccessible(page);
    await page.reload();
    expect(await toggle.isChecked()).toBe(true);
    expect((await shown()).every(([display]) => display !== 'none')).toBe(true);
    // A virtualised log's rows carry their times too.
    const [big] = await forge.latestJobs('big');
    await page.goto(`${base}/ada/big/actions/runs/1/jobs/${big!.id}`);
    const bigStep = page.locator('li.step[data-step-name="Print a lot"]');
    await expect.poll(() => bigStep.getAttribute('data-log-mode')).toBe('virtual');
    await expect.poll(() => bigStep.locator('.log-rows .log-line time.ts').count()).toBeGreaterThan(10);
    await expectAccessible(page);
    await page.getByLabel('Show timestamps (UTC)').uncheck();
    await page.goto(jobUrl);
    expect(await toggle.isChecked()).toBe(false);
    expect((await shown()).every(([display]) => display === 'none')).toBe(true);
  }, 60_000);
});
