/**
 * `GET /{owner}/{repo}` (the latest default-branch commit with its status, linking to its
 * run) and `GET /{owner}/{repo}/actions` (runs with filters and pages), SPEC §17.
 */
import type { Hono } from 'hono';
import { describeDefaultBranch } from '../../../../domain/api/branch-status.js';
import { listRepoRuns, type RunListQuery } from '../../../../domain/api/list-runs.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { Pager, RunFilters, type RunFilterValues, RunsTable } from '../components/runs-table.js';
import { StatusBadge } from '../components/status.js';
import { Time } from '../components/time.js';
import { combinedText, shortSha } from '../format.js';
import { renderPage } from '../render.js';
import { queryText, repoBase, viewedRepo } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const PER_PAGE = 25;

export function mountRepoRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);

  app.get('/:owner/:repo', session, async (c) => {
    const { repo } = await viewedRepo(c, deps);
    const branch = await describeDefaultBranch(deps, repo);
    const recent = await listRepoRuns(deps, { repoId: repo.id, query: { per_page: '5' } });
    const base = repoBase(repo);
    const status = combinedText(branch.state);
    return renderPage(
      c,
      <Layout title={`${repo.ownerName}/${repo.name}`} signedIn={c.get('signedIn')}>
        <RepoHeader repo={repo} tab="code">
          <p class="latest-commit">
            {branch.sha ? (
              <>
                <StatusBadge
                  status={status}
                  href={branch.run ? `${base}/actions/runs/${branch.run.runIndex}` : undefined}
                  label={`${status.label}${branch.run ? ` — ${branch.run.workflowName || 'run'} #${branch.run.runIndex}` : ''}`}
                />{' '}
                <code title={branch.sha}>{shortSha(branch.sha)}</code> on <code>{repo.defaultBranch}</code>
                {branch.commit ? (
                  <>
                    {': '}
                    <span>{branch.commit.message.split('\n')[0]}</span>{' '}
                    <span class="muted">by {branch.commit.author.name}</span>{' '}
                    <Time at={branch.commit.timestamp} />
                  </>
                ) : null}
              </>
            ) : (
              <span class="muted">
                This repository is empty: nothing was pushed to {repo.defaultBranch} yet.
              </span>
            )}
          </p>
        </RepoHeader>
        <p>
          Clone: <code>{`${deps.baseUrl}${base}.git`}</code>
        </p>
        <h2>Recent runs</h2>
        {recent.runs.length === 0 ? (
          <p>No workflow has run yet.</p>
        ) : (
          <RunsTable repo={repo} runs={recent.runs} caption="Recent workflow runs" />
        )}
        <p>
          <a href={`${base}/actions`}>All runs in Actions</a>
        </p>
      </Layout>,
    );
  });

  app.get('/:owner/:repo/actions', session, async (c) => {
    const { repo } = await viewedRepo(c, deps);
    const values: RunFilterValues = {
      workflow: queryText(c, 'workflow'),
      status: queryText(c, 'status'),
      event: queryText(c, 'event'),
      branch: queryText(c, 'branch'),
    };
    const pageText = queryText(c, 'page');
    const page = /^[1-9][0-9]{0,5}$/.test(pageText) ? Number(pageText) : 1;
    const query: RunListQuery = { per_page: String(PER_PAGE), page: String(page) };
    if (values.workflow !== '') query.workflow_file = values.workflow;
    if (values.status !== '') query.status = values.status;
    if (values.event !== '') query.event = values.event;
    if (values.branch !== '') query.head_ref = values.branch;
    const listing = await listRepoRuns(deps, { repoId: repo.id, query });
    const pages = Math.max(1, Math.ceil(listing.totalCount / PER_PAGE));
    const action = `${repoBase(repo)}/actions`;
    const href = (p: number) => `${action}?${new URLSearchParams({ ...values, page: String(p) })}`;
    return renderPage(
      c,
      <Layout title={`Actions · ${repo.ownerName}/${repo.name}`} signedIn={c.get('signedIn')}>
        <RepoHeader repo={repo} tab="actions" />
        <h2>Workflow runs</h2>
        <RunFilters action={action} values={values} />
        <p class="muted">
          {listing.totalCount} {listing.totalCount === 1 ? 'run' : 'runs'}
        </p>
        {listing.runs.length === 0 ? (
          <p>No run matches.</p>
        ) : (
          <RunsTable repo={repo} runs={listing.runs} caption="Workflow runs" />
        )}
        <Pager href={href} page={page} pages={pages} />
      </Layout>,
    );
  });
}
