/**
 * The job log's search box and its results (SPEC §17, issue #9). The search runs on the
 * server over the stored log; without JavaScript the form opens a results page whose links
 * open the job page at the line, with it the results appear in place (`assets/log-viewer.ts`).
 */
import type { FC } from 'hono/jsx';
import type { LogSearch } from '../../../../domain/api/job-log-search.js';
import { MAX_SEARCH_QUERY } from '../../../../domain/api/job-log-search.js';

/** Where a line of the job page is: its window (for a big log) and its anchor. */
export const lineHref = (jobHref: string, stepNumber: number, line: number) =>
  `${jobHref}?step=${stepNumber}&line=${line}#step-${stepNumber}-L${line}`;

export const LogSearchForm: FC<{ jobHref: string; query?: string }> = ({ jobHref, query }) => (
  <search>
    <form class="log-search" method="get" action={`${jobHref}/search`} data-log-search="">
      <label for="log-q">Search the log</label>
      <input id="log-q" type="search" name="q" value={query ?? ''} maxlength={MAX_SEARCH_QUERY} required />
      <button type="submit">Search</button>
      <output class="search-status muted" for="log-q" aria-live="polite" />
    </form>
  </search>
);

export const LogSearchResults: FC<{ jobHref: string; search: LogSearch }> = ({ jobHref, search }) => (
  <section aria-labelledby="results">
    <h2 id="results">
      {search.total} matching {search.total === 1 ? 'line' : 'lines'}
      {search.matches.length < search.total ? ` (the first ${search.matches.length} shown)` : ''}
    </h2>
    <ol class="search-results">
      {search.matches.map((m) => (
        <li>
          <a href={lineHref(jobHref, m.stepNumber, m.line)}>
            {m.stepName}, line {m.line}
          </a>
          <code class="log-excerpt">{m.text}</code>
        </li>
      ))}
    </ol>
  </section>
);
