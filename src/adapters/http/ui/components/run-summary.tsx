/** The head of a run page: what triggered it, on which ref and commit, by whom, and its buttons. */
import type { FC } from 'hono/jsx';
import type { RunAction } from '../../../../domain/api/run-actions.js';
import type { RunView } from '../../../../domain/api/run-view.js';
import { eventWords, formatDuration, shortSha, statusText } from '../format.js';
import { PostButton } from './forms.js';
import { StatusBadge } from './status.js';
import { Time } from './time.js';

const BUTTONS: Record<RunAction, { label: string; danger?: boolean }> = {
  approve: { label: 'Approve and run' },
  reject: { label: 'Reject', danger: true },
  cancel: { label: 'Cancel run', danger: true },
  rerun: { label: 'Re-run all jobs' },
  'rerun-failed': { label: 'Re-run failed jobs' },
};

export const RunSummary: FC<{ view: RunView }> = ({ view }) => {
  const { run, actor, approval } = view;
  return (
    <section class="panel" aria-label="Run summary">
      <p class="trigger">
        Triggered via <strong>{eventWords(run.event)}</strong> on <code>{run.headRef}</code>
        {actor ? (
          <>
            {' '}
            by <strong>{actor.name}</strong>
          </>
        ) : null}{' '}
        <Time at={run.createdAt} />
      </p>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={statusText(run.status, run.conclusion)} />
        </dd>
        <dt>Commit</dt>
        <dd>
          <code title={run.headSha}>{shortSha(run.headSha)}</code>
        </dd>
        <dt>Workflow</dt>
        <dd class="mono">{run.workflowFile}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.startedAt, run.completedAt) || '—'}</dd>
        {run.parentRunId !== null ? (
          <>
            <dt>Re-run of</dt>
            <dd>run id {run.parentRunId}</dd>
          </>
        ) : null}
        {approval ? (
          <>
            <dt>Approval</dt>
            <dd>
              {approval.approvedAt ? 'approved' : approval.rejectedAt ? 'rejected' : 'awaiting approval'}
              {' — '}
              {approval.requestedReason}
            </dd>
          </>
        ) : null}
      </dl>
      {run.diagnostics && run.diagnostics.length > 0 ? (
        <div class="error">
          <strong>The workflow file could not be used:</strong>
          <ul>
            {run.diagnostics.map((d) => (
              <li>{typeof d === 'object' && d && 'message' in d ? String(d.message) : JSON.stringify(d)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
};

export const RunButtons: FC<{ actions: RunAction[]; base: string; csrf: string | null }> = ({
  actions,
  base,
  csrf,
}) =>
  actions.length === 0 || csrf === null ? null : (
    <div class="actions">
      {actions.map((a) => (
        <PostButton
          action={`${base}/${a}`}
          csrf={csrf}
          label={BUTTONS[a].label}
          danger={BUTTONS[a].danger}
          name={a}
        />
      ))}
    </div>
  );
