/**
 * The job page `GET /{owner}/{repo}/actions/runs/{run_index}/jobs/{job_id}` and its raw log
 * `…/jobs/{job_id}/logs` (SPEC §11, §17). Both read the same bytes (`readStepLog`, as the
 * API's `GET …/actions/jobs/{id}/logs`), so a log shown whole and the download are equal; a
 * big log is shown as a window (`?step=N&line=M` centres it) and paged in by the script.
 */
import type { Hono } from 'hono';
import { listJobAnnotations } from '../../../../domain/api/job-annotations.js';
import { readJobLog, stepDisplayName } from '../../../../domain/api/job-log.js';
import { readJobLogPage } from '../../../../domain/api/job-log-page.js';
import { describeJobs } from '../../../../domain/api/run-jobs.js';
import { isTerminal } from '../../../../domain/jobs/transitions.js';
import { Annotations } from '../components/annotations.js';
import { WaitingNote } from '../components/jobs-list.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { LogSearchForm } from '../components/log-search.js';
import { StatusBadge } from '../components/status.js';
import { StepLogs } from '../components/step-log.js';
import { Time } from '../components/time.js';
import { formatDuration, statusText } from '../format.js';
import { WHOLE_LOG_LIMITS, WINDOW_LINES } from '../log-view.js';
import { renderPage } from '../render.js';
import { jobAtPath, queryNumber, repoBase } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const JOB = '/:owner/:repo/actions/runs/:index/jobs/:job';

export function mountJobRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);

  app.get(JOB, session, async (c) => {
    const { repo, run, job } = await jobAtPath(c, deps);
    const [view] = await describeJobs(deps, [job], deps.runnerStaleAfterMs);
    const stepNumber = queryNumber(c, 'step', 0, 10_000);
    const focus = stepNumber > 0 ? { stepNumber, line: queryNumber(c, 'line', 1, 1e9) } : undefined;
    const steps = await readJobLogPage(deps, {
      job,
      limits: WHOLE_LOG_LIMITS,
      windowLines: WINDOW_LINES,
      ...(focus ? { focus } : {}),
    });
    const annotations = await listJobAnnotations(deps, { jobId: job.id });
    const runHref = `${repoBase(repo)}/actions/runs/${run.runIndex}`;
    const jobHref = `${runHref}/jobs/${job.id}`;
    const name = job.jobName || job.jobKey;
    const stepOf = new Map(steps.map((s) => [s.step.id, s.step]));
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
          <dd data-job-status="">
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
          <dd data-job-duration="">{formatDuration(job.startedAt, job.completedAt) || '—'}</dd>
        </dl>
        {view?.waiting ? <WaitingNote reason={view.waiting} /> : null}
        <p class="actions">
          <a class="button" href={`${jobHref}/logs`} data-raw-log="">
            Raw log
          </a>
          <button type="button" data-copy={jobHref} hidden>
            Copy link
          </button>
          <span class="toggle">
            <input type="checkbox" id="log-times" />
            <label for="log-times">Show timestamps (UTC)</label>
          </span>
        </p>
        <LogSearchForm jobHref={jobHref} />
        <Annotations
          items={annotations.map((annotation) => {
            const step = annotation.stepId === null ? undefined : stepOf.get(annotation.stepId);
            const place = step
              ? { label: stepDisplayName(step), href: `#step-${step.stepIndex + 1}` }
              : { label: name, href: jobHref };
            return { annotation, place };
          })}
        />
        <StepLogs views={steps} jobHref={jobHref} live={!isTerminal(job.status)} />
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
