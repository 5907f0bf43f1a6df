/** The runs listing: one row per run, with filters and pages (SPEC §17 `/actions`). */
import type { FC } from 'hono/jsx';
import type { RunView } from '../../../../domain/api/run-view.js';
import type { Repo } from '../../../../ports/model/forge.js';
import { eventWords, formatDuration, refName, statusText } from '../format.js';
import { repoBase } from '../repo-context.js';
import { StatusBadge } from './status.js';
import { Time } from './time.js';

export const RunsTable: FC<{ repo: Repo; runs: RunView[]; caption: string }> = ({ repo, runs, caption }) => (
  <table>
    <caption class="visually-hidden">{caption}</caption>
    <thead>
      <tr>
        <th scope="col">Run</th>
        <th scope="col">Event</th>
        <th scope="col">Branch</th>
        <th scope="col">Actor</th>
        <th scope="col">Status</th>
        <th scope="col">Conclusion</th>
        <th scope="col">Duration</th>
        <th scope="col">Started</th>
      </tr>
    </thead>
    <tbody>
      {runs.map(({ run, actor }) => (
        <tr>
          <td>
            <a href={`${repoBase(repo)}/actions/runs/${run.runIndex}`}>
              {`${run.workflowName || run.workflowFile} #${run.runIndex}`}
            </a>
            <div class="muted mono">{run.workflowFile}</div>
          </td>
          <td>{eventWords(run.event)}</td>
          <td class="mono">{refName(run.headRef)}</td>
          <td>{actor?.name ?? <span class="muted">—</span>}</td>
          <td>
            <StatusBadge status={statusText(run.status, run.conclusion)} />
          </td>
          <td>{run.conclusion ?? <span class="muted">—</span>}</td>
          <td>{formatDuration(run.startedAt, run.completedAt ?? null)}</td>
          <td>
            <Time at={run.startedAt ?? run.createdAt} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export interface RunFilterValues {
  workflow: string;
  status: string;
  event: string;
  branch: string;
}

const STATUSES = [
  'queued',
  'in_progress',
  'completed',
  'success',
  'failure',
  'cancelled',
  'timed_out',
  'skipped',
];
const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule'];

const Choice: FC<{ id: string; label: string; value: string; options: string[] }> = (p) => (
  <div>
    <label for={p.id}>{p.label}</label>
    <select id={p.id} name={p.id}>
      <option value="">any</option>
      {p.options.map((o) => (
        <option value={o} selected={o === p.value}>
          {o}
        </option>
      ))}
    </select>
  </div>
);

export const RunFilters: FC<{ action: string; values: RunFilterValues }> = ({ action, values }) => (
  <form method="get" action={action} class="filters">
    <div>
      <label for="workflow">Workflow file</label>
      <input type="text" id="workflow" name="workflow" value={values.workflow} placeholder="smoke.yml" />
    </div>
    <Choice id="status" label="Status" value={values.status} options={STATUSES} />
    <Choice id="event" label="Event" value={values.event} options={EVENTS} />
    <div>
      <label for="branch">Branch</label>
      <input type="text" id="branch" name="branch" value={values.branch} placeholder="trunk" />
    </div>
    <div>
      <button type="submit">Filter</button>
    </div>
  </form>
);

/** Previous / next links keeping the filters. */
export const Pager: FC<{ href: (page: number) => string; page: number; pages: number }> = ({
  href,
  page,
  pages,
}) =>
  pages <= 1 ? null : (
    <nav aria-label="Pages">
      <ul class="pager">
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              Previous page
            </a>
          </li>
        ) : null}
        <li>
          Page {page} of {pages}
        </li>
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              Next page
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
