/** The runner pool and the queue by label set (SPEC §14, §17 `/admin/runners`). */
import type { FC } from 'hono/jsx';
import type { QueueSummaryRow } from '../../../../domain/jobs/summarise-queue.js';
import type { RunnerListEntry } from '../../../../domain/runners/list-runners.js';
import { formatSeconds } from '../format.js';
import { PostButton, PostForm } from './forms.js';
import { WaitingNote } from './jobs-list.js';
import { Time } from './time.js';

const RunnerForms: FC<{ runner: RunnerListEntry; csrf: string }> = ({ runner, csrf }) => {
  if (runner.revokedAt) return <span class="muted">revoked</span>;
  const base = `/admin/runners/${runner.id}`;
  return (
    <div class="runner-forms">
      {runner.drainingAt ? (
        <PostButton action={`${base}/undrain`} csrf={csrf} label={`Undrain ${runner.name}`} name="undrain" />
      ) : (
        <PostForm action={`${base}/drain`} csrf={csrf} label={`Drain ${runner.name}`}>
          <label for={`drain-reason-${runner.id}`}>Drain reason</label>
          <input type="text" id={`drain-reason-${runner.id}`} name="reason" placeholder="kernel update" />
        </PostForm>
      )}
      <PostForm action={`${base}/revoke`} csrf={csrf} label={`Revoke ${runner.name}`} danger>
        <label for={`revoke-reason-${runner.id}`}>Revoke reason</label>
        <input type="text" id={`revoke-reason-${runner.id}`} name="reason" placeholder="host compromise" />
        <div>
          <input type="checkbox" id={`revoke-confirm-${runner.id}`} name="confirm" value="yes" required />{' '}
          <label for={`revoke-confirm-${runner.id}`} class="inline">
            I understand: every token of {runner.name} stops working for good
          </label>
        </div>
      </PostForm>
    </div>
  );
};

export const RunnerTable: FC<{ runners: RunnerListEntry[]; csrf: string }> = ({ runners, csrf }) => (
  <table>
    <caption class="visually-hidden">Registered runners</caption>
    <thead>
      <tr>
        <th scope="col">Runner</th>
        <th scope="col">Status</th>
        <th scope="col">Labels</th>
        <th scope="col">Capacity</th>
        <th scope="col">Active jobs</th>
        <th scope="col">Heartbeat</th>
        <th scope="col">Host / version</th>
        <th scope="col">Drain / revoke</th>
        <th scope="col">Change</th>
      </tr>
    </thead>
    <tbody>
      {runners.map((r) => (
        <tr data-runner={r.name}>
          <td>
            {r.name} <span class="muted">#{r.id}</span>
          </td>
          <td>{r.status}</td>
          <td class="mono">{r.labels.join(', ')}</td>
          <td>{r.capacity}</td>
          <td>{r.activeJobCount}</td>
          <td>
            {r.lastHeartbeatAgeSeconds === null ? 'never' : `${formatSeconds(r.lastHeartbeatAgeSeconds)} ago`}
          </td>
          <td>
            {r.hostName || '—'} <span class="muted">{r.version}</span>
          </td>
          <td>
            {r.drainingAt ? (
              <div class="drain">
                Draining since <Time at={r.drainingAt} />: <strong>{r.drainReason}</strong>
              </div>
            ) : null}
            {r.revokedAt ? (
              <div>
                Revoked <Time at={r.revokedAt} />: <strong>{r.revokedReason}</strong>
              </div>
            ) : null}
            {!r.drainingAt && !r.revokedAt ? <span class="muted">active</span> : null}
          </td>
          <td>
            <RunnerForms runner={r} csrf={csrf} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const QueueTable: FC<{ rows: QueueSummaryRow[] }> = ({ rows }) => (
  <table>
    <caption class="visually-hidden">Queued jobs by requested labels</caption>
    <thead>
      <tr>
        <th scope="col">Labels</th>
        <th scope="col">Queued jobs</th>
        <th scope="col">Matching runners</th>
        <th scope="col">Oldest</th>
        <th scope="col">Why waiting</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr data-runs-on={row.runsOn}>
          <td class="mono">{row.runsOn}</td>
          <td>{row.queuedJobs}</td>
          <td>{row.matchingRunnerCount}</td>
          <td>{formatSeconds(row.oldestQueuedSeconds)}</td>
          <td>
            {row.waitingReason ? (
              <WaitingNote reason={row.waitingReason} />
            ) : (
              <span class="muted">a runner can take it on its next heartbeat</span>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);
