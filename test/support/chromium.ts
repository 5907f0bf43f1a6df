/**
 * Debian's Chromium through playwright-core, never a downloaded browser: headless, a fresh
 * profile, every request to anything but loopback aborted. Shared by the browser tests
 * (`browser.ts`), the log view bench and `npm run screenshots`; it imports no test runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium (`executablePath`, e.g. /usr/bin/chromium) on a fresh profile, loopback only. */
export async function launchChromium(
  executablePath: string,
  opts: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'shithub-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    ...(opts.viewport ? { viewport: opts.viewport } : {}),
    ...(opts.colorScheme ? { colorScheme: opts.colorScheme } : {}),
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
      ? route.continue()
      : route.abort();
  });
  // Playwright's default of 30 s per action is too short for a busy CI host (a 20,000-line
  // view timed out at 30.0 s at load 12); the tests' own timeouts still bound each test.
  context.setDefaultTimeout(90_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
