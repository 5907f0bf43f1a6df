/**
 * What the job page's script fetches of a big log, and the log search (SPEC §17, issue #9):
 *   GET …/jobs/{job}/steps/{n}/lines?from=&count=[&outline=1]  a page of one step's lines as
 *     records (`[kind, html]`, see `log-html.ts`), with the step's groups when asked;
 *   GET …/jobs/{job}/search?q=  the job's matching lines: a page, or JSON for a script.
 * Both read the stored log on the server, for the same viewers as the job page.
 */
import type { Context, Hono } from 'hono';
import { searchJobLog } from '../../../../domain/api/job-log-search.js';
import { logOutline, readStepLogLines } from '../../../../domain/api/step-log-lines.js';
import { isTerminal } from '../../../../domain/jobs/transitions.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { LogSearchForm, LogSearchResults } from '../components/log-search.js';
import { LogLineRenderer } from '../log-html.js';
import { MAX_PAGE_LINES, MAX_SEARCH_MATCHES } from '../log-view.js';
import { renderPage } from '../render.js';
import { jobAtPath, pathNumber, queryNumber, queryText, repoBase } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const JOB = '/:owner/:repo/actions/runs/:index/jobs/:job';
const JSON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** A script's request (it asks for JSON and not for a page). */
const wantsJson = (c: Context) => {
  const accept = c.req.header('accept') ?? '';
  return /\bapplication\/json\b/.test(accept) && !/\btext\/html\b/.test(accept);
};

export function mountLogRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);

  app.get(`${JOB}/steps/:step/lines`, session, async (c) => {
    const { job } = await jobAtPath(c, deps);
    const from = queryNumber(c, 'from', 1, Number.MAX_SAFE_INTEGER);
    const count = queryNumber(c, 'count', MAX_PAGE_LINES, MAX_PAGE_LINES);
    const log = await readStepLogLines(deps, {
      jobId: job.id,
      stepNumber: pathNumber(c, 'step'),
      jobEnded: isTerminal(job.status),
    });
    const renderer = new LogLineRenderer();
    const start = Math.min(from, log.lines.length + 1) - 1;
    renderer.prime(log.lines.slice(0, start));
    const records = renderer.render(
      log.lines.slice(start, start + count),
      log.times.slice(start, start + count),
    );
    const outline = queryText(c, 'outline') === '1' ? { groups: logOutline(log.lines) } : {};
    const body = { total: log.lines.length, ended: log.ended, from: start + 1, lines: records, ...outline };
    return c.json(body, 200, JSON_HEADERS);
  });

  app.get(`${JOB}/search`, session, async (c) => {
    const { repo, run, job } = await jobAtPath(c, deps);
    const query = queryText(c, 'q');
    const search = await searchJobLog(deps, { jobId: job.id, query, limit: MAX_SEARCH_MATCHES });
    if (wantsJson(c)) {
      const matches = search.matches.map((m) => ({ step: m.stepNumber, line: m.line, text: m.text }));
      return c.json({ total: search.total, matches }, 200, JSON_HEADERS);
    }
    const jobHref = `${repoBase(repo)}/actions/runs/${run.runIndex}/jobs/${job.id}`;
    const name = job.jobName || job.jobKey;
    return renderPage(
      c,
      <Layout title={`Search · ${name}`} signedIn={c.get('signedIn')}>
        <RepoHeader repo={repo} tab="actions" />
        <p>
          <a href={jobHref}>{`${name} · ${run.workflowName || run.workflowFile} #${run.runIndex}`}</a>
        </p>
        <h2>Search the log of {name}</h2>
        <LogSearchForm jobHref={jobHref} query={query} />
        <LogSearchResults jobHref={jobHref} search={search} />
      </Layout>,
    );
  });
}
