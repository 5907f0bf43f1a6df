/**
 * The browser half of `bench/ui-log-view.ts`: Debian's Chromium opens a job page whose log
 * is big, scrolls the log's viewport through to the end and searches it, while the page's
 * own PerformanceObserver collects long tasks (main-thread tasks over 50 ms). Each long
 * task is named by the phase it started in.
 */
import { launchChromium } from '../../test/support/chromium.js';

export interface LogViewFigures {
  /** Wall time of each phase, measured in the page (ms). */
  phases: Record<string, number>;
  longTasks: { name: string; duration: number }[];
}

type Window = typeof globalThis & { longTasks: [number, number][] };

export async function measureLogViewInBrowser(
  executable: string,
  url: string,
  opts: { lines: number; needle: string },
): Promise<LogViewFigures> {
  const b = await launchChromium(executable, { viewport: { width: 1280, height: 900 } });
  try {
    const { page } = b;
    await page.addInitScript(() => {
      const w = window as unknown as Window;
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const now = () => page.evaluate(() => performance.now());
    const settled = () =>
      page.waitForFunction(
        () =>
          document.querySelector('.log-virtual .log-rows .log-line') !== null &&
          document.querySelector('.log-virtual .log-loading') === null,
        undefined,
        { timeout: 60_000 },
      );
    await page.goto(url);
    await settled();
    const opened = await now();
    for (let k = 1; k <= 10; k++) {
      await page.evaluate((f) => {
        const vp = document.querySelector('.log-virtual .log-viewport')!;
        vp.scrollTop = vp.scrollHeight * f;
      }, k / 10);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    const lastId = `step-2-L${opts.lines}`;
    await page.waitForFunction((id) => document.getElementById(id) !== null, lastId, { timeout: 60_000 });
    await settled();
    const scrolled = await now();
    await page.fill('#log-q', opts.needle);
    await page.press('#log-q', 'Enter');
    await page.waitForFunction(
      (needle) => document.querySelector('.log-virtual .log-line.hl')?.textContent?.includes(needle) ?? false,
      opts.needle,
      { timeout: 60_000 },
    );
    await settled();
    const searched = await now();
    const tasks = await page.evaluate(() => (window as unknown as Window).longTasks);
    const phaseOf = (start: number) => (start < opened ? 'open' : start < scrolled ? 'scroll' : 'search');
    return {
      phases: { open: opened, scroll_to_end: scrolled - opened, search: searched - scrolled },
      longTasks: tasks.map(([start, duration]) => ({ name: phaseOf(start), duration })),
    };
  } finally {
    await b.close();
  }
}
