/**
 * The job page's steps, each with its log (SPEC §11, §17). A small log is on the page whole
 * (`log-html.ts`: escaped there, its text equal to the raw download's); a big one as a window
 * of lines with links to the lines around it, which the page's script turns into a
 * virtualised view paging the rest in from `…/steps/{n}/lines` (`assets/log-viewer.ts`).
 * While the job runs the list carries the live tail's address and cursor.
 */

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { stepDisplayName } from '../../../../domain/api/job-log.js';
import type { LogWindow, StepLogView } from '../../../../domain/api/job-log-page.js';
import { stepLogHeader } from '../../../../domain/api/job-log-sections.js';
import { formatBytes, formatDuration, statusText } from '../format.js';
import { LogLineRenderer, renderLogRecordsHtml, renderStepLogHtml } from '../log-html.js';
import { formatTailCursor, WINDOW_LINES } from '../log-view.js';
import { renderSummaryMarkdown } from '../markdown.js';
import { lineHref } from './log-search.js';
import { StatusBadge } from './status.js';

/** A line this far past a window's start centres the window on it. */
const HALF_WINDOW = Math.floor(WINDOW_LINES / 2);

interface StepLinks {
  jobHref: string;
}

/** The window's lines, with links to the lines before and after it. */
const LogWindowView: FC<{ view: StepLogView; window: LogWindow; links: StepLinks }> = ({
  view,
  window: w,
  links,
}) => {
  const number = view.step.stepIndex + 1;
  const renderer = new LogLineRenderer();
  renderer.prime(w.lines.slice(0, w.from - 1));
  const end = w.from - 1 + w.count;
  const records = renderer.render(w.lines.slice(w.from - 1, end), view.times.slice(w.from - 1, end));
  const last = w.from + w.count - 1;
  const of = w.totalLines === null ? `this ${formatBytes(view.totalBytes)} log` : `${w.totalLines}`;
  const more = w.totalLines === null || last < w.totalLines;
  return (
    <div class="log log-window" data-from={w.from} data-count={w.count}>
      <p class="log-note">
        Lines {w.from}–{last} of {of}.{' '}
        {w.from > 1 ? (
          <a href={lineHref(links.jobHref, number, Math.max(1, w.from - HALF_WINDOW))}>Earlier lines</a>
        ) : null}{' '}
        {more ? <a href={lineHref(links.jobHref, number, last + 1 + HALF_WINDOW)}>Later lines</a> : null}
      </p>
      {raw(renderLogRecordsHtml(records, number, w.from))}
    </div>
  );
};

/** One step: its name, state and duration as the summary, its log (and summary) as the body. */
export const StepLog: FC<{ view: StepLogView; links: StepLinks }> = ({ view, links }) => {
  const { step } = view;
  const number = step.stepIndex + 1;
  return (
    <li
      class="step"
      id={`step-${number}`}
      data-step={number}
      data-step-name={stepDisplayName(step)}
      data-log-mode={view.text === null ? 'window' : 'whole'}
      data-lines-url={`${links.jobHref}/steps/${number}/lines`}
    >
      <details open>
        <summary>
          <StatusBadge status={statusText(step.status, step.conclusion)} />
          <h2>{stepDisplayName(step)}</h2>
          <span class="muted step-duration">{formatDuration(step.startedAt, step.completedAt)}</span>
        </summary>
        {view.text === null
          ? view.window && <LogWindowView view={view} window={view.window} links={links} />
          : raw(
              renderStepLogHtml({
                stepNumber: number,
                header: stepLogHeader(step),
                text: view.text,
                times: view.times,
              }),
            )}
        {step.summary ? (
          <section class="step-summary" aria-label={`Summary of ${stepDisplayName(step)}`}>
            <div class="markdown">{raw(renderSummaryMarkdown(step.summary))}</div>
          </section>
        ) : null}
      </details>
    </li>
  );
};

export const StepLogs: FC<{ views: StepLogView[]; jobHref: string; live: boolean }> = ({
  views,
  jobHref,
  live,
}) => {
  const positions = views.map((v) => v.position ?? { bytes: 0, lines: 0 });
  return (
    <ol
      class="steps"
      aria-label="Steps"
      data-live={live ? `${jobHref}/live` : undefined}
      data-cursor={live ? formatTailCursor(positions) : undefined}
    >
      {views.map((view) => (
        <StepLog view={view} links={{ jobHref }} />
      ))}
    </ol>
  );
};
