/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core:
 * `SHITHUB_TEST_BROWSER` names the executable (`/usr/bin/chromium`); without it the suites skip
 * visibly. The browser runs headless on a fresh profile, talks to loopback only, and every
 * page it checks gets axe-core injected: no serious or critical violation may remain.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { launchChromium, type TestBrowser } from './chromium.js';

export const BROWSER = process.env.SHITHUB_TEST_BROWSER ?? '';

export const describeBrowser: typeof describe.skip = BROWSER
  ? describe
  : (describe.skip as typeof describe.skip);

export const BROWSER_SKIP_NOTE = BROWSER
  ? ''
  : ' [skipped: set SHITHUB_TEST_BROWSER=/usr/bin/chromium (apt-get install chromium) to run in a browser]';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type { TestBrowser } from './chromium.js';

/** Launches Chromium on a fresh profile; requests to anything but loopback are aborted. */
export function launchBrowser(): Promise<TestBrowser> {
  return launchChromium(BROWSER);
}

/**
 * Runs axe-core on the page, in the light and in the dark colour scheme, and fails on any
 * serious or critical violation, naming them.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const v of await axeViolations(page)) violations.push(`[${colorScheme}] ${v}`);
  }
  await page.emulateMedia({ colorScheme: null });
  if (violations.length > 0) throw new Error(`axe-core on ${page.url()}:\n${violations.join('\n')}`);
}

function axeViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** Signs in through the form, as a person would; the browser forgets any earlier session. */
export async function signInAs(b: TestBrowser, base: string, name: string, password: string): Promise<void> {
  await b.context.clearCookies();
  await b.page.goto(`${base}/login`);
  await b.page.getByLabel('User name').fill(name);
  await b.page.getByLabel('Password').fill(password);
  await Promise.all([b.page.waitForURL(`${base}/`), b.page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** The job page's log text: every `.log-text` element's text followed by a newline. */
export function pageLogText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.log .log-text'))
      .map((e) => `${e.textContent ?? ''}\n`)
      .join(''),
  );
}
