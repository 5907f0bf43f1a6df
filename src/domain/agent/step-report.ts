/**
 * What a step's final status report carries besides its result: the step summary and the
 * annotations scrubbed with the mask set as it stands at the end of the step (a value masked
 * after the annotation was printed is hidden too), and the `::add-mask::` values not yet
 * sent. Fields are left out when empty, so a runner that uses none of this talks to the
 * original server unchanged.
 */
import type { Annotation } from '../../ports/model/annotation.js';
import type { StatusReport } from '../../ports/model/assignment.js';
import { scrubText } from '../logs/scrubber.js';
import type { RunnerMasks } from './job-state.js';

type Extras = Pick<StatusReport, 'summary' | 'annotations' | 'addMasks'>;

export function finalStepReport(
  masks: RunnerMasks,
  summary: string | null,
  annotations: readonly Annotation[],
): Extras {
  const set = masks.current();
  const scrub = (text: string) => scrubText(text, set).output;
  const scrubbed = annotations.map((a) => ({
    ...a,
    message: scrub(a.message),
    title: a.title === null ? null : scrub(a.title),
    file: a.file === null ? null : scrub(a.file),
  }));
  const extras: Extras = {};
  if (summary !== null) extras.summary = scrub(summary);
  if (scrubbed.length > 0) extras.annotations = scrubbed;
  const unsent = masks.takeUnsent();
  if (unsent.length > 0) extras.addMasks = unsent;
  return extras;
}
