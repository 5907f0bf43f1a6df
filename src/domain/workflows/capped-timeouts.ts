/**
 * `timeout-minutes` above the 3-day limit (SPEC §6: 1..4320). GitHub takes any number and
 * caps it at its own limit, and real files carry such values (redis: 14400), so the file
 * parses and runs with the limit; each capped value gets a warning. Read from the raw data,
 * so a file with other errors still gets the warnings.
 */
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { MAX_TIMEOUT_MINUTES } from './schema-common.js';

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A parsed timeout, capped at the limit (null stays null: no step timeout). */
export function capMinutes<T extends number | null>(minutes: T): T {
  return (minutes === null ? minutes : Math.min(minutes, MAX_TIMEOUT_MINUTES)) as T;
}

/** Warns at every job or step `timeout-minutes` the parser will cap at the limit. */
export function warnCappedTimeouts(data: Record<string, unknown>, out: DiagnosticList): void {
  if (!isMapping(data.jobs)) return;
  for (const [jobKey, job] of Object.entries(data.jobs)) {
    if (!isMapping(job)) continue;
    warnIfCapped(job['timeout-minutes'], ['jobs', jobKey, 'timeout-minutes'], out);
    if (!Array.isArray(job.steps)) continue;
    job.steps.forEach((step: unknown, i) => {
      if (isMapping(step))
        warnIfCapped(step['timeout-minutes'], ['jobs', jobKey, 'steps', i, 'timeout-minutes'], out);
    });
  }
}

function warnIfCapped(value: unknown, path: PathSegment[], out: DiagnosticList): void {
  if (typeof value === 'number' && Number.isInteger(value) && value > MAX_TIMEOUT_MINUTES)
    out.warning(path, `${value} minutes is above the limit: capped at ${MAX_TIMEOUT_MINUTES} (3 days)`);
}
