/** `GET /{owner}/{repo}/actions/runs/{run_index}` (SPEC §17): the run, its jobs and why they wait. */
import type { Hono } from 'hono';
import { allowedRunActions } from '../../../../domain/api/run-actions.js';
import { listRunJobs } from '../../../../domain/api/run-jobs.js';
import { describeRun } from '../../../../domain/api/run-view.js';
import { JobsList, NeedsOrder } from '../components/jobs-list.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { RunButtons, RunSummary } from '../components/run-summary.js';
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
      </Layout>,
    );
  });
}
