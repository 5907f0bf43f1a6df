/** `GET /`: the repositories the viewer may read, each with its default branch's status. */
import type { Hono } from 'hono';
import { describeDefaultBranch } from '../../../../domain/api/branch-status.js';
import { listVisibleRepos } from '../../../../domain/api/visible-repos.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/runs-table.js';
import { StatusBadge } from '../components/status.js';
import { Time } from '../components/time.js';
import { combinedText, shortSha } from '../format.js';
import { renderPage } from '../render.js';
import { queryText } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

/** Each row reads git and check runs: a page stays small. */
const PER_PAGE = 30;

export function mountHomeRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  app.get('/', sessionMiddleware(deps), async (c) => {
    const viewer = c.get('viewer');
    const pageText = queryText(c, 'page');
    const page = /^[1-9][0-9]{0,5}$/.test(pageText) ? Number(pageText) : 1;
    const offset = (page - 1) * PER_PAGE;
    const { repos, totalCount } = await listVisibleRepos(deps, { viewer, offset, limit: PER_PAGE });
    const rows = await Promise.all(
      repos.map(async ({ repo }) => ({ repo, branch: await describeDefaultBranch(deps, repo) })),
    );
    return renderPage(
      c,
      <Layout title="Repositories" signedIn={c.get('signedIn')}>
        <h1>Repositories</h1>
        {rows.length === 0 ? (
          <p>
            {viewer
              ? 'No repository is visible to you yet.'
              : 'No public repository yet. Sign in to see more.'}
          </p>
        ) : (
          <table>
            <caption class="visually-hidden">Repositories and their default branch status</caption>
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Default branch</th>
                <th scope="col">Status</th>
                <th scope="col">Latest commit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ repo, branch }) => {
                const base = `/${repo.ownerName}/${repo.name}`;
                const runHref = branch.run ? `${base}/actions/runs/${branch.run.runIndex}` : undefined;
                return (
                  <tr>
                    <td>
                      <a href={base}>{`${repo.ownerName}/${repo.name}`}</a>
                      {repo.isPrivate ? <span class="muted"> (private)</span> : null}
                    </td>
                    <td class="mono">{repo.defaultBranch}</td>
                    <td>
                      <StatusBadge status={combinedText(branch.state)} href={runHref} />
                    </td>
                    <td>
                      {branch.sha ? (
                        <>
                          <code>{shortSha(branch.sha)}</code> <Time at={branch.commit?.timestamp ?? null} />
                        </>
                      ) : (
                        <span class="muted">empty</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Pager
          href={(p) => `/?page=${p}`}
          page={page}
          pages={Math.max(1, Math.ceil(totalCount / PER_PAGE))}
        />
      </Layout>,
    );
  });
}
