/**
 * Step summaries (`$GITHUB_STEP_SUMMARY`) on the run page, rendered from Markdown by
 * `renderSummaryMarkdown`, which lets a summary put no markup of its own into the page.
 */
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { renderSummaryMarkdown } from '../markdown.js';

export interface SummaryItem {
  /** `job › step`. */
  title: string;
  href: string;
  markdown: string;
}

export const StepSummaries: FC<{ items: SummaryItem[] }> = ({ items }) =>
  items.length === 0 ? null : (
    <section aria-labelledby="summaries">
      <h2 id="summaries">Summaries</h2>
      {items.map((item) => (
        <article class="step-summary panel">
          <h3>
            <a href={item.href}>{item.title}</a>
          </h3>
          <div class="markdown">{raw(renderSummaryMarkdown(item.markdown))}</div>
        </article>
      ))}
    </section>
  );
