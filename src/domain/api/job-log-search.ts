/**
 * Searching a job's log on the server (SPEC §17, issue #9): the browser never holds a big
 * log whole, so it cannot search it; the server reads each step's stored log (SQL or object
 * store, as the raw download) and answers the matching lines' numbers. Matching ignores case
 * and the ANSI colour sequences a line carries, so what a person sees is what matches.
 */
import type { RunStore } from '../../ports/run-store.js';
import { invalid } from '../errors.js';
import { type ReadStepLogDeps, readStepLog } from '../logs/read-step-log.js';
import { stepDisplayName } from './job-log.js';
import { cutLogLines } from './step-log-lines.js';

/** The longest query accepted, in characters. */
export const MAX_SEARCH_QUERY = 200;
/** A match's text is cut to this many characters. */
const MAX_MATCH_TEXT = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the sequences it removes
const ESCAPE_SEQUENCE = /\u001b\[[0-9;:?]*[ -/]*[@-~]/g;

export interface LogMatch {
  /** 1-based, as the page's anchors (`#step-2-L12`). */
  stepNumber: number;
  stepName: string;
  line: number;
  /** The line without escape sequences, cut to 300 characters. */
  text: string;
}

export interface LogSearch {
  /** Every matching line of the job, however many were returned. */
  total: number;
  /** The first `limit` matches, in step and line order. */
  matches: LogMatch[];
}

/** A line as a person reads it: without its escape sequences. */
export function visibleText(line: string): string {
  return line.includes('\u001b') ? line.replace(ESCAPE_SEQUENCE, '') : line;
}

/**
 * The lines of the job's log that contain `query` (case-insensitive), across its steps in
 * order. invalid `search.query_invalid` for an empty query or one past 200 characters.
 * Read-only.
 */
export async function searchJobLog(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: { jobId: number; query: string; limit: number },
): Promise<LogSearch> {
  const needle = input.query.toLowerCase();
  if (needle.trim() === '' || input.query.length > MAX_SEARCH_QUERY) {
    throw invalid('search.query_invalid', `a search needs 1 to ${MAX_SEARCH_QUERY} characters`);
  }
  const result: LogSearch = { total: 0, matches: [] };
  for (const step of await deps.runs.listSteps([input.jobId])) {
    const { bytes } = await readStepLog(deps, step.id);
    const { lines } = cutLogLines(bytes, true);
    lines.forEach((line, i) => {
      const text = visibleText(line);
      if (!text.toLowerCase().includes(needle)) return;
      result.total++;
      if (result.matches.length >= input.limit) return;
      result.matches.push({
        stepNumber: step.stepIndex + 1,
        stepName: stepDisplayName(step),
        line: i + 1,
        text: text.length > MAX_MATCH_TEXT ? `${text.slice(0, MAX_MATCH_TEXT)}…` : text,
      });
    });
  }
  return result;
}
