/** A run's jobs (matrix combinations grouped), the order `needs` gives them, and why each waits. */
import type { FC } from 'hono/jsx';
import { stageJobs } from '../../../../domain/api/job-stages.js';
import type { JobView } from '../../../../domain/api/run-jobs.js';
import type { WaitingReason } from '../../../../domain/jobs/waiting-reason.js';
import { formatDuration, statusText } from '../format.js';
import { waitingText } from '../waiting-text.js';
import { StatusBadge } from './status.js';

const jobLabel = (view: JobView) => view.job.jobName || view.job.jobKey;

/** The waiting reason of a queued job, in words. */
export const WaitingNote: FC<{ reason: WaitingReason }> = ({ reason }) => {
  const text = waitingText(reason);
  return (
    <div class="waiting" data-waiting-reason={reason.code}>
      <strong>{text.headline}</strong>
      {text.matching ? <span class="muted"> — {text.matching}</span> : null}
      {text.detail ? <div class="muted">{text.detail}</div> : null}
    </div>
  );
};

const JobItem: FC<{ view: JobView; href: string }> = ({ view, href }) => {
  const { job } = view;
  return (
    <li class="job" data-job-key={job.jobKey}>
      <a href={href}>{jobLabel(view)}</a> <StatusBadge status={statusText(job.status, job.conclusion)} />{' '}
      <span class="muted">{formatDuration(job.startedAt, job.completedAt)}</span>
      {job.needsJobs.length > 0 ? <span class="muted"> · needs {job.needsJobs.join(', ')}</span> : null}
      {view.runner ? <span class="muted"> · on {view.runner.name}</span> : null}
      {view.waiting ? <WaitingNote reason={view.waiting} /> : null}
    </li>
  );
};

/** Jobs in job order; combinations of one matrix job under that job's name. */
export const JobsList: FC<{ views: JobView[]; jobHref: (jobId: number) => string }> = ({
  views,
  jobHref,
}) => {
  const groups: { group: string; views: JobView[] }[] = [];
  for (const view of views) {
    const group = view.job.matrixGroup ?? '';
    const found = group === '' ? undefined : groups.find((g) => g.group === group);
    if (found) found.views.push(view);
    else groups.push({ group, views: [view] });
  }
  return (
    <ul class="jobs">
      {groups.map(({ group, views: members }) =>
        group === '' ? (
          members.map((view) => <JobItem view={view} href={jobHref(view.job.id)} />)
        ) : (
          <li class="matrix">
            <h3>
              {group} <span class="muted">(matrix: {members.length} combinations)</span>
            </h3>
            <ul>
              {members.map((view) => (
                <JobItem view={view} href={jobHref(view.job.id)} />
              ))}
            </ul>
          </li>
        ),
      )}
    </ul>
  );
};

/** The order the jobs run in: each stage needs only earlier ones. */
export const NeedsOrder: FC<{ views: JobView[] }> = ({ views }) => {
  const stages = stageJobs(views.map((v) => ({ ...v.job, label: jobLabel(v) })));
  if (stages.length <= 1) return null;
  return (
    <section aria-labelledby="order">
      <h2 id="order">Order</h2>
      <ol class="stages">
        {stages.map((stage) => (
          <li>{stage.map((j) => j.label).join(', ')}</li>
        ))}
      </ol>
    </section>
  );
};
