/**
 * What the job page shows of each step's log (SPEC §17, issue #9 "large runs stay fast"): a
 * small log whole — its text exactly the raw download's part for the step — and a big one
 * as a window of lines, the rest paged in by the browser (`readStepLogLines`), so a 5 MiB
 * log is never inlined. While the job runs, each step's position (bytes and lines shown) is
 * where the live tail (`readJobLogTail`) carries on.
 */
import type { Job, Step } from '../../ports/model/run.js';
import type { RunStore } from '../../ports/run-store.js';
import { isTerminal } from '../jobs/transitions.js';
import { lineTimes } from '../logs/log-times.js';
import { type ReadStepLogDeps, readStepLog } from '../logs/read-step-log.js';
import type { TailPosition } from './job-log-tail.js';
import { cutLogLines } from './step-log-lines.js';

/** Where a log stops being shown whole. */
export interface WholeLogLimits {
  maxBytes: number;
  maxLines: number;
}

/** A window of a big log: `lines` from line 1 (the window is `from`..`from + count - 1`). */
export interface LogWindow {
  lines: string[];
  from: number;
  count: number;
  /** Every line of the step, when the whole log was read (else null). */
  totalLines: number | null;
}

export interface StepLogView {
  step: Step;
  /** The step's whole log, every line ending with `\n`; null for a log shown as a window. */
  text: string | null;
  /** When each line arrived (epoch ms, null when not known), from line 1: of `text`'s lines or the window's. */
  times: (number | null)[];
  window: LogWindow | null;
  totalBytes: number;
  /** What the page shows, for the live tail to carry on from (null once the job ended). */
  position: TailPosition | null;
}

export interface JobLogPageInput {
  job: Job;
  limits: WholeLogLimits;
  /** Lines in a window. */
  windowLines: number;
  /** Centre step `stepNumber`'s window on `line` (a search result, a shared link). */
  focus?: { stepNumber: number; line: number };
}

/** Each step of the job with its log as the page shows it, in step order. Read-only. */
export async function readJobLogPage(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: JobLogPageInput,
): Promise<StepLogView[]> {
  const jobEnded = isTerminal(input.job.status);
  const steps = await deps.runs.listSteps([input.job.id]);
  const views: StepLogView[] = [];
  for (const step of steps) {
    const ended = jobEnded || isTerminal(step.status);
    const focused = input.focus?.stepNumber === step.stepIndex + 1;
    // A finished job's big logs are read only as far as the first window needs.
    const prefix = jobEnded && !focused ? input.limits.maxBytes + 1 : undefined;
    const read = await readStepLog(
      deps,
      step.id,
      prefix === undefined ? undefined : { offset: 0, length: prefix },
    );
    const whole = read.bytes.length === read.totalBytes;
    const cut = cutLogLines(read.bytes, ended && whole);
    const position = jobEnded ? null : { bytes: cut.bytes, lines: cut.lines.length };
    const times = lineTimes(read.times, 0, read.bytes, cut.lines.length);
    const view = { step, totalBytes: read.totalBytes, position, times };
    if (whole && cut.bytes <= input.limits.maxBytes && cut.lines.length <= input.limits.maxLines) {
      const text = cut.lines.map((line) => `${line}\n`).join('');
      views.push({ ...view, text, window: null });
      continue;
    }
    const centre = focused ? input.focus!.line : 1;
    const from = Math.max(1, Math.min(centre - Math.floor(input.windowLines / 2), cut.lines.length));
    const count = Math.min(input.windowLines, cut.lines.length - from + 1);
    const totalLines = whole ? cut.lines.length : null;
    views.push({ ...view, text: null, window: { lines: cut.lines, from, count, totalLines } });
  }
  return views;
}
