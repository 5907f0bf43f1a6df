/**
 * The live tail of a job's log (SPEC §17, issue #9): what each step logged since a position,
 * as whole lines. A position (bytes and lines of each step already shown) is all a client
 * keeps, so a tail resumed from the last position it received (Server-Sent Events'
 * `Last-Event-ID`) neither loses nor repeats a line. Reads go through `readStepLog`: SQL
 * chunks while hot, the archived object after finalisation — the same bytes either way.
 */
import type { Job, Step } from '../../ports/model/run.js';
import type { RunStore } from '../../ports/run-store.js';
import { notFound } from '../errors.js';
import { isTerminal } from '../jobs/transitions.js';
import { lineTimes } from '../logs/log-times.js';
import { type ReadStepLogDeps, readStepLog } from '../logs/read-step-log.js';
import { cutLogLines } from './step-log-lines.js';

/** How much of one step's log a client has: bytes (always at a line's end) and lines. */
export interface TailPosition {
  bytes: number;
  lines: number;
}

/** New lines of one step. */
export interface TailLines {
  stepNumber: number;
  /** The number of `lines[0]` (1-based). */
  firstLine: number;
  lines: string[];
  /** When each line arrived (epoch ms; null when not known): see `log-times.ts`. */
  times: (number | null)[];
}

export interface JobLogTail {
  job: Job;
  steps: Step[];
  updates: TailLines[];
  /** One per step, in step order: where the next read starts. */
  positions: TailPosition[];
  /** Step numbers read to their end after they ended: nothing more will come for them. */
  settled: number[];
  /** The job ended and every step is settled: the tail is over. */
  finished: boolean;
  /** A read stopped at `maxBytes`: more lines can be read at once. */
  more: boolean;
}

export interface TailInput {
  jobId: number;
  /** Positions in step order; missing ones start at the beginning. */
  positions: readonly TailPosition[];
  /** Step numbers already settled (they are not read again). */
  settled: ReadonlySet<number>;
  /** At most about this many new bytes per step per read (whole lines; one long line may pass it). */
  maxBytes: number;
}

const START: TailPosition = { bytes: 0, lines: 0 };

/**
 * Reads what each unsettled step logged past its position. Queued steps of a running job are
 * not read (nothing is logged before a step starts). not_found `job.not_found` for an
 * unknown job. Read-only.
 */
export async function readJobLogTail(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: TailInput,
): Promise<JobLogTail> {
  const job = await deps.runs.getJob(input.jobId);
  if (!job) throw notFound('job.not_found', `job ${input.jobId} not found`);
  const jobEnded = isTerminal(job.status);
  // Statuses are read before the logs: a step seen ended has every line in the read below.
  const steps = await deps.runs.listSteps([job.id]);
  const result: JobLogTail = {
    job,
    steps,
    updates: [],
    positions: [],
    settled: [],
    finished: jobEnded,
    more: false,
  };
  for (const step of steps) {
    const number = step.stepIndex + 1;
    const from = input.positions[step.stepIndex] ?? START;
    result.positions.push(from);
    const ended = jobEnded || isTerminal(step.status);
    if (input.settled.has(number)) continue;
    if (!ended && step.status === 'queued') {
      result.finished = false;
      continue;
    }
    const read = await readStepTail(deps, step.id, { from, ended, maxBytes: input.maxBytes });
    if (read.lines.length > 0) {
      result.updates.push({
        stepNumber: number,
        firstLine: from.lines + 1,
        lines: read.lines,
        times: read.times,
      });
    }
    result.positions[step.stepIndex] = read.next;
    if (read.capped) result.more = true;
    if (ended && read.next.bytes >= read.totalBytes) result.settled.push(number);
    else result.finished = false;
  }
  return result;
}

/**
 * The whole lines of one step past `from`, about `maxBytes` of them (`capped` when more are
 * stored); a single line longer than that is read whole.
 */
async function readStepTail(
  deps: ReadStepLogDeps,
  stepId: number,
  input: { from: TailPosition; ended: boolean; maxBytes: number },
): Promise<{
  lines: string[];
  times: (number | null)[];
  next: TailPosition;
  totalBytes: number;
  capped: boolean;
}> {
  const { from, ended } = input;
  let read = await readStepLog(deps, stepId, { offset: from.bytes, length: input.maxBytes });
  const complete = read.offset + read.bytes.length >= read.totalBytes;
  let cut = cutLogLines(read.bytes, ended && complete);
  const longLine = cut.lines.length === 0 && !complete;
  if (longLine) {
    read = await readStepLog(deps, stepId, { offset: from.bytes });
    cut = cutLogLines(read.bytes, ended);
  }
  const next = { bytes: from.bytes + cut.bytes, lines: from.lines + cut.lines.length };
  const times = lineTimes(read.times, from.bytes, read.bytes, cut.lines.length);
  return { lines: cut.lines, times, next, totalBytes: read.totalBytes, capped: !complete && !longLine };
}
