/**
 * `GET /{owner}/{repo}/pulls` and `GET /{owner}/{repo}/pull/{n}/checks` (SPEC §17): pull
 * requests and the check runs on a pull request's head commit, linking to their runs.
 */

import type { Hono } from 'hono';
import { listPullChecks } from '../../../../domain/api/pull-checks.js';
import { INT4 } from '../../../../domain/integer-ranges.js';
import { Layout, RepoHeader } from '../components/layout.js';
import { StatusBadge } from '../components/status.js';
import { Time } from '../components/time.js';
import { checkStatusText, combinedText, formatDuration, shortSha } from '../format.js';
import { renderPage } from '../render.js';
import { pathNumber, repoBase, viewedRepo } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const MAX_PULLS = 100;

export function mountPullRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);

  app.get('/:owner/:repo/pulls', session, async (c) => {
    const { repo } = await viewedRepo(c, deps);
    const pulls = await deps.pullRequests.listByBase(repo.id, MAX_PULLS);
    return renderPage(
      c,
      <Layout title={`Pull requests · ${repo.ownerName}/${repo.name}`} signedIn={c.get('signedIn')}>
        <RepoHeader repo={repo} tab="pulls" />
        <h2>Pull requests</h2>
        {pulls.length === 0 ? (
          <p>No pull request yet.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Pull requests</caption>
            <thead>
              <tr>
                <th scope="col">Pull request</th>
                <th scope="col">State</th>
                <th scope="col">Branches</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {pulls.map((pr) => (
                <tr>
                  <td>
                    <a href={`${repoBase(repo)}/pull/${pr.number}/checks`}>{`#${pr.number} ${pr.title}`}</a>
                  </td>
                  <td>{pr.state}</td>
                  <td class="mono">{`${pr.headBranch} → ${pr.baseBranch}`}</td>
                  <td>
                    <Time at={pr.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  app.get('/:owner/:repo/pull/:number/checks', session, async (c) => {
    const { repo } = await viewedRepo(c, deps);
    const { pr, state, checks } = await listPullChecks(deps, {
      repoId: repo.id,
      number: pathNumber(c, 'number', INT4),
    });
    return renderPage(
      c,
      <Layout title={`Checks · #${pr.number} · ${repo.ownerName}/${repo.name}`} signedIn={c.get('signedIn')}>
        <RepoHeader repo={repo} tab="pulls" />
        <h2>{`#${pr.number} ${pr.title}`}</h2>
        <p>
          <StatusBadge status={combinedText(state)} /> on{' '}
          <code title={pr.headSha}>{shortSha(pr.headSha)}</code>{' '}
          <span class="mono">{`${pr.headBranch} → ${pr.baseBranch}`}</span> ({pr.state})
        </p>
        <h3>Checks</h3>
        {checks.length === 0 ? (
          <p>No check has run on this commit.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Check runs on the head commit</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">State</th>
                <th scope="col">Run</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {checks.map(({ check, run }) => (
                <tr>
                  <td>{check.name}</td>
                  <td>
                    <StatusBadge status={checkStatusText(check.status, check.conclusion)} />
                  </td>
                  <td>
                    {run ? (
                      <a href={`${repoBase(repo)}/actions/runs/${run.runIndex}`}>
                        {`${run.workflowName || run.workflowFile} #${run.runIndex}`}
                      </a>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td>{formatDuration(check.startedAt, check.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });
}
