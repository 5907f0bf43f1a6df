/** `GET /{owner}/{repo}/actions/runs/{run_index}` (SPEC §17): the run, its jobs and why they wait. */
import type { Hono } from 'hono';
import { listJobsAnnotations } from '../../../../domain/api/job-annotations.js';
import { stepDisplayName } from '../../../../domain/api/job-log.js';
import { allowedRunActions } from '../../../../domain/api/run-actions.js';
import { type JobView, listRunJobs } from '../../../../domain/api/run-jobs.js';
import { describeRun } from '../../../../domain/api/run-view.js';
import type { JobAnnotation } from '../../../../ports/model/annotation.js';
import { type AnnotationItem, Annotations } from '../components/annotations.js';
import { JobsList, NeedsOrder } from '../components/jobs-list.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { RunButtons, RunSummary } from '../components/run-summary.js';
import { StepSummaries, type SummaryItem } from '../components/step-summaries.js';
import { renderPage } from '../render.js';
import { repoBase, runAtPath, viewedRepo } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

export function mountRunRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  app.get('/:owner/:repo/actions/runs/:index', sessionMiddleware(deps), async (c) => {
    const { repo, permission } = await viewedRepo(c, deps);
    const run = await runAtPath(c, deps, repo.id);
    const view = await describeRun(deps, run);
    const jobs = await listRunJobs(deps, { runId: run.id, staleAfterMs: deps.runnerStaleAfterMs });
    const base = `${repoBase(repo)}/actions/runs/${run.runIndex}`;
    const signedIn = c.get('signedIn');
    const actions = allowedRunActions(run, view.approval, signedIn ? permission : null);
    const title = `${run.workflowName || run.workflowFile} #${run.runIndex}`;
    const { annotations, summaries } = await jobOutcomes(deps, jobs, base);
    return renderPage(
      c,
      <Layout title={`${title} · ${repo.ownerName}/${repo.name}`} signedIn={signedIn}>
        <RepoHeader repo={repo} tab="actions" />
        <h2 class="run-title">{title}</h2>
        <RunSummary view={view} />
        <RunButtons actions={actions} base={base} csrf={signedIn?.csrfToken ?? null} />
        <section aria-labelledby="jobs">
          <h2 id="jobs">Jobs</h2>
          {jobs.length === 0 ? (
            <p>This run has no jobs.</p>
          ) : (
            <JobsList views={jobs} jobHref={(id) => `${base}/jobs/${id}`} />
          )}
        </section>
        <NeedsOrder views={jobs} />
        <Annotations items={annotations} />
        <StepSummaries items={summaries} />
      </Layout>,
    );
  });
}

/** Every job's annotations and its steps' summaries, each with where it came from. */
async function jobOutcomes(deps: UiDeps, jobs: JobView[], base: string) {
  const annotations: AnnotationItem[] = [];
  const summaries: SummaryItem[] = [];
  const byJob = new Map<number, JobAnnotation[]>();
  for (const a of await listJobsAnnotations(deps, { jobIds: jobs.map(({ job }) => job.id) })) {
    byJob.set(a.jobId, [...(byJob.get(a.jobId) ?? []), a]);
  }
  for (const { job, steps } of jobs) {
    const jobName = job.jobName || job.jobKey;
    const href = `${base}/jobs/${job.id}`;
    const stepOf = new Map(steps.map((s) => [s.id, s]));
    for (const annotation of byJob.get(job.id) ?? []) {
      const step = annotation.stepId === null ? undefined : stepOf.get(annotation.stepId);
      const place = step
        ? { label: `${jobName} › ${stepDisplayName(step)}`, href: `${href}#step-${step.stepIndex + 1}` }
        : { label: jobName, href };
      annotations.push({ annotation, place });
    }
    for (const step of steps) {
      if (!step.summary) continue;
      const title = `${jobName} › ${stepDisplayName(step)}`;
      summaries.push({ title, href: `${href}#step-${step.stepIndex + 1}`, markdown: step.summary });
    }
  }
  return { annotations, summaries };
}
