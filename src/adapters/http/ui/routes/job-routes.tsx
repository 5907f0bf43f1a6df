/**
 * The job page `GET /{owner}/{repo}/actions/runs/{run_index}/jobs/{job_id}` and its raw log
 * `…/jobs/{job_id}/logs` (SPEC §11, §17). Both read the same bytes (`readJobLog`, as the
 * API's `GET …/actions/jobs/{id}/logs`), so the page's text and the download are equal.
 */
import type { Context, Hono } from 'hono';
import { readJobLog } from '../../../../domain/api/job-log.js';
import { readJobLogSections } from '../../../../domain/api/job-log-sections.js';
import { describeJobs } from '../../../../domain/api/run-jobs.js';
import { notFound } from '../../../../domain/errors.js';
import { WaitingNote } from '../components/jobs-list.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { StatusBadge } from '../components/status.js';
import { StepLogs } from '../components/step-log.js';
import { Time } from '../components/time.js';
import { formatDuration, statusText } from '../format.js';
import { renderPage } from '../render.js';
import { pathNumber, repoBase, runAtPath, viewedRepo } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const JOB = '/:owner/:repo/actions/runs/:index/jobs/:job';

async function jobAtPath(c: Context<UiEnv>, deps: UiDeps) {
  const { repo } = await viewedRepo(c, deps);
  const run = await runAtPath(c, deps, repo.id);
  const job = await deps.runs.getJob(pathNumber(c, 'job'));
  if (job?.runId !== run.id) throw notFound('job.not_found', 'job not found');
  return { repo, run, job };
}

export function mountJobRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);

  app.get(JOB, session, async (c) => {
    const { repo, run, job } = await jobAtPath(c, deps);
    const [view] = await describeJobs(deps, [job], deps.runnerStaleAfterMs);
    const { sections } = await readJobLogSections(deps, { jobId: job.id });
    const runHref = `${repoBase(repo)}/actions/runs/${run.runIndex}`;
    const jobHref = `${runHref}/jobs/${job.id}`;
    const name = job.jobName || job.jobKey;
    return renderPage(
      c,
      <Layout
        title={`${name} · ${run.workflowName || run.workflowFile} #${run.runIndex}`}
        signedIn={c.get('signedIn')}
      >
        <RepoHeader repo={repo} tab="actions" />
        <p>
          <a href={runHref}>{`${run.workflowName || run.workflowFile} #${run.runIndex}`}</a>
        </p>
        <h2 class="job-title">{name}</h2>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={statusText(job.status, job.conclusion)} />
          </dd>
          <dt>Runner</dt>
          <dd>{view?.runner?.name ?? '—'}</dd>
          <dt>Labels</dt>
          <dd class="mono">{job.runsOn.join(', ') || '(any)'}</dd>
          <dt>Started</dt>
          <dd>
            <Time at={job.startedAt} />
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(job.startedAt, job.completedAt) || '—'}</dd>
        </dl>
        {view?.waiting ? <WaitingNote reason={view.waiting} /> : null}
        <p class="actions">
          <a class="button" href={`${jobHref}/logs`} data-raw-log="">
            Raw log
          </a>
          <button type="button" data-copy={jobHref} hidden>
            Copy link
          </button>
        </p>
        <StepLogs sections={sections} />
      </Layout>,
    );
  });

  app.get(`${JOB}/logs`, session, async (c) => {
    const { job } = await jobAtPath(c, deps);
    return c.body(await readJobLog(deps, { jobId: job.id }), 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
  });
}
