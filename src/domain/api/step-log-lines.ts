/**
 * One step's log as numbered lines, for the job page's paged view, its live tail and its
 * search (SPEC §11, §17). Lines are cut from the bytes `readStepLog` reads (SQL chunks while
 * hot, the archived object after finalisation), so they are the raw download's lines. While
 * a step runs, only whole lines count: a line still being written is held back until its
 * newline arrives (or the step ends, when a missing final newline completes it, as the raw
 * download does).
 */
import type { Step } from '../../ports/model/run.js';
import type { RunStore } from '../../ports/run-store.js';
import { notFound } from '../errors.js';
import { isTerminal } from '../jobs/transitions.js';
import { lineTimes } from '../logs/log-times.js';
import { type ReadStepLogDeps, readStepLog } from '../logs/read-step-log.js';

/** A line that opens a folded group (`::group::title`, or the runner's `##[group]title`). */
export const GROUP_START = /^(?:::group::|##\[group\])/;
/** A line that closes the innermost open group. */
export const GROUP_END = /^(?:::endgroup::|##\[endgroup\])/;

/** How a line takes part in folding: 0 a plain line, 1 opens a group, 2 closes one. */
export type LineKind = 0 | 1 | 2;

/** A folded group: its opening line and its closing line (null while still open), 1-based. */
export type LogGroup = [start: number, end: number | null];

const NEWLINE = 0x0a;
const decoder = new TextDecoder();

/**
 * The whole lines of `bytes`: up to the last newline, or everything when `ended` (a final
 * line without a newline is then a line too). `bytes` counts what the lines consumed.
 */
export function cutLogLines(bytes: Uint8Array, ended: boolean): { lines: string[]; bytes: number } {
  const end = ended ? bytes.length : bytes.lastIndexOf(NEWLINE) + 1;
  if (end === 0) return { lines: [], bytes: 0 };
  const text = decoder.decode(bytes.subarray(0, end));
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return { lines, bytes: end };
}

/**
 * The folding role of each line, counting from the group depth `openBefore` (a closing line
 * with no group open is a plain line).
 */
export function lineKinds(lines: readonly string[], openBefore = 0): LineKind[] {
  let open = openBefore;
  return lines.map((line) => {
    if (GROUP_START.test(line)) {
      open++;
      return 1;
    }
    if (open > 0 && GROUP_END.test(line)) {
      open--;
      return 2;
    }
    return 0;
  });
}

/** The groups of a log, in order of their opening lines (nested ones after their parent). */
export function logOutline(lines: readonly string[]): LogGroup[] {
  const groups: LogGroup[] = [];
  const open: LogGroup[] = [];
  lineKinds(lines).forEach((kind, i) => {
    if (kind === 1) {
      const group: LogGroup = [i + 1, null];
      groups.push(group);
      open.push(group);
    } else if (kind === 2) {
      const group = open.pop();
      if (group) group[1] = i + 1;
    }
  });
  return groups;
}

export interface StepLogLines {
  step: Step;
  /** The step's whole lines (see the file comment), without their newlines. */
  lines: string[];
  /** When each line arrived (epoch ms; null when not known): see `log-times.ts`. */
  times: (number | null)[];
  /** True once the step (or its job) ended: no line is held back any more. */
  ended: boolean;
  /** The stored log's length in bytes. */
  totalBytes: number;
}

/**
 * Step `stepNumber` (1-based) of the job, as lines. not_found `step.not_found` for a number
 * the job does not have. Read-only.
 */
export async function readStepLogLines(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: { jobId: number; stepNumber: number; jobEnded?: boolean },
): Promise<StepLogLines> {
  const steps = await deps.runs.listSteps([input.jobId]);
  const step = steps.find((s) => s.stepIndex === input.stepNumber - 1);
  if (!step) throw notFound('step.not_found', `step ${input.stepNumber} not found`);
  // The status is read before the log: a step seen ended has all of its lines in the read.
  const ended = isTerminal(step.status) || input.jobEnded === true;
  const { bytes, totalBytes, times } = await readStepLog(deps, step.id);
  const { lines } = cutLogLines(bytes, ended);
  return { step, lines, times: lineTimes(times, 0, bytes, lines.length), ended, totalBytes };
}
