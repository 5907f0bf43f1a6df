/**
 * The job page's steps, each with its log (SPEC §11, §17). The log HTML comes from
 * `log-html.ts` (escaped there); phase B swaps the body of `StepLog` for the live tail and
 * the paged, virtualised view of big logs.
 */

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { stepDisplayName } from '../../../../domain/api/job-log.js';
import { type StepLogSection, stepLogHeader } from '../../../../domain/api/job-log-sections.js';
import { formatDuration, statusText } from '../format.js';
import { renderStepLogHtml } from '../log-html.js';
import { StatusBadge } from './status.js';

/** One step: its name, state and duration as the summary, its log as the body. */
export const StepLog: FC<{ section: StepLogSection }> = ({ section }) => {
  const { step, text } = section;
  const number = step.stepIndex + 1;
  const html = renderStepLogHtml({ stepNumber: number, header: stepLogHeader(step), text });
  return (
    <li class="step" id={`step-${number}`} data-step={number} data-step-name={stepDisplayName(step)}>
      <details open>
        <summary>
          <StatusBadge status={statusText(step.status, step.conclusion)} />
          <h2>{stepDisplayName(step)}</h2>
          <span class="muted">{formatDuration(step.startedAt, step.completedAt)}</span>
        </summary>
        {raw(html)}
      </details>
    </li>
  );
};

export const StepLogs: FC<{ sections: StepLogSection[] }> = ({ sections }) => (
  <ol class="steps" aria-label="Steps">
    {sections.map((section) => (
      <StepLog section={section} />
    ))}
  </ol>
);
