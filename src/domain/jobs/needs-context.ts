/**
 * The `needs` context of a job (GitHub's): for each `jobs:` key it needs, the needed job's
 * `result` and `outputs`. A matrix job stands for all its combinations: its result is
 * `failure` when one failed, else `cancelled` when one was cancelled, `skipped` when all
 * were skipped, else `success`; its outputs are the combinations' merged in job order
 * (a later combination's value wins, where GitHub's order is unspecified).
 */
import type { NeededJobResult } from '../../ports/model/assignment.js';
import type { Job } from '../../ports/model/run.js';

type NeededJob = Pick<Job, 'jobKey' | 'matrixGroup' | 'status' | 'conclusion' | 'outputs'>;

/** The context of a job whose `needs` (expanded job keys) are `needsJobs`, from its run's jobs. */
export function needsContext(
  jobs: readonly NeededJob[],
  needsJobs: readonly string[],
): Record<string, NeededJobResult> {
  const groups = new Map<string, NeededJob[]>();
  for (const key of needsJobs) {
    const job = jobs.find((j) => j.jobKey === key);
    if (!job) continue;
    const name = job.matrixGroup || job.jobKey;
    groups.set(name, [...(groups.get(name) ?? []), job]);
  }
  const context: Record<string, NeededJobResult> = {};
  for (const [name, members] of groups) {
    const outputs: Record<string, string> = {};
    for (const member of members) {
      for (const [key, value] of Object.entries(member.outputs ?? {}))
        Object.defineProperty(outputs, key, { value, enumerable: true, writable: true, configurable: true });
    }
    const entry = { result: combinedResult(members.map(resultOf)), outputs };
    Object.defineProperty(context, name, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return context;
}

/** One job's `result`: success, failure, cancelled or skipped ('' while it has not ended). */
function resultOf(job: NeededJob): string {
  switch (job.conclusion) {
    case 'success':
    case 'neutral':
      return 'success';
    case 'skipped':
      return 'skipped';
    case 'cancelled':
      return 'cancelled';
    case null:
      return job.status === 'skipped' ? 'skipped' : job.status === 'cancelled' ? 'cancelled' : '';
    default:
      return 'failure';
  }
}

function combinedResult(results: readonly string[]): string {
  if (results.includes('failure')) return 'failure';
  if (results.includes('cancelled')) return 'cancelled';
  if (results.includes('')) return '';
  return results.every((r) => r === 'skipped') ? 'skipped' : 'success';
}
