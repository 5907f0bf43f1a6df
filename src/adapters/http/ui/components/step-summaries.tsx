/**
 * Step summaries (`$GITHUB_STEP_SUMMARY`) on the run page. The Markdown is shown as text,
 * escaped like everything a step writes: no Markdown renderer is a dependency yet, and a
 * summary must never put markup of its own into the page.
 */
import type { FC } from 'hono/jsx';

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
          <pre>{item.markdown}</pre>
        </article>
      ))}
    </section>
  );
