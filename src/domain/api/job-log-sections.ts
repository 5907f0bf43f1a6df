/**
 * A job's log cut into its steps for the job page (SPEC §11, §17). The page is built from
 * the very bytes of the raw download (`readJobLog`), so what it shows and what downloads
 * cannot drift apart, wherever the log is stored.
 */
import type { Step } from '../../ports/model/run.js';
import type { RunStore } from '../../ports/run-store.js';
import type { ReadStepLogDeps } from '../logs/read-step-log.js';
import { readJobLog, stepDisplayName } from './job-log.js';

const END = '##[endgroup]\n';

export interface StepLogSection {
  step: Step;
  /** The step's own text: every line ends with `\n` (empty when it logged nothing). */
  text: string;
}

export interface JobLogSections {
  /** The raw download's bytes, exactly. */
  raw: Uint8Array;
  /** One section per step, in step order. */
  sections: StepLogSection[];
}

/** The header line `readJobLog` writes before a step's text. */
export function stepLogHeader(step: Parameters<typeof stepDisplayName>[0]): string {
  return `##[group]${stepDisplayName(step).replace(/[\r\n]+/g, ' ')}\n`;
}

/**
 * Splits `text` (a `readJobLog` answer) into the steps' own texts. A step's text ends at
 * the first `##[endgroup]` line that is followed by the next step's header (or, for the
 * last step, by the end), so a step printing `##[endgroup]` itself does not cut it short.
 * Null when the text does not have that shape.
 */
export function splitJobLog(text: string, headers: readonly string[]): string[] | null {
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; i < headers.length; i++) {
    if (!text.startsWith(headers[i]!, pos)) return null;
    const start = pos + headers[i]!.length;
    const marker = END + (headers[i + 1] ?? '');
    const last = i === headers.length - 1;
    let at = start;
    for (;;) {
      at = last ? text.length - END.length : text.indexOf(marker, at);
      if (at < start || !text.startsWith(marker, at)) return null;
      if (at === start || text[at - 1] === '\n') break;
      if (last) return null;
      at += 1;
    }
    out.push(text.slice(start, at));
    pos = at + END.length;
  }
  return pos === text.length ? out : null;
}

/**
 * The job's log as the raw download has it, and cut per step. If the text cannot be cut
 * (it never should), every step shows empty and the raw download still has everything.
 * Read-only.
 */
export async function readJobLogSections(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: { jobId: number },
): Promise<JobLogSections> {
  const raw = await readJobLog(deps, input);
  const steps = await deps.runs.listSteps([input.jobId]);
  const texts = splitJobLog(new TextDecoder().decode(raw), steps.map(stepLogHeader));
  return { raw, sections: steps.map((step, i) => ({ step, text: texts?.[i] ?? '' })) };
}
