/**
 * The `needs` context of a job (GitHub's): for each `jobs:` key it needs, the needed job's
 * `result` and `outputs`. A matrix job stands for all its combinations: its result is
 * `failure` when one failed, else `cancelled` when one was cancelled, `skipped` when all
 * were skipped, else `success`; its outputs are the combinations' merged in job order
 * (a later combination's value wins, where GitHub's order is unspecified).
 * The jobs of a reusable workflow call (`<caller>/<job>`) stand for their caller outside the
 * call — result combined the same way, outputs the called file's `outputs:` evaluated over the
 * `jobs` context of the called jobs — and by their own key inside it.
 */
import type { NeededJobResult } from '../../ports/model/assignment.js';
import type { Job } from '../../ports/model/run.js';
import { interpolate } from '../workflows/expressions/template.js';
import { type ExprObject, toExprValue } from '../workflows/expressions/values.js';

type NeededJob = Pick<Job, 'jobKey' | 'matrixGroup' | 'status' | 'conclusion' | 'outputs' | 'call'>;

/**
 * The context of a job whose `needs` (expanded job keys) are `needsJobs`, from its run's jobs;
 * `needing` is that job (its call, if a reusable workflow brought it in).
 */
export function needsContext(
  jobs: readonly NeededJob[],
  needsJobs: readonly string[],
  needing: Pick<Job, 'call'> = {},
): Record<string, NeededJobResult> {
  const groups = new Map<string, NeededJob[]>();
  for (const key of needsJobs) {
    const job = jobs.find((j) => j.jobKey === key);
    if (!job) continue;
    const name = groupName(job, needing);
    groups.set(name, [...(groups.get(name) ?? []), job]);
  }
  const context: Record<string, NeededJobResult> = {};
  for (const [name, members] of groups) {
    const call = members[0]?.call;
    const entry =
      call && call.caller !== needing.call?.caller
        ? callerEntry(members, call.outputs)
        : { result: combinedResult(members.map(resultOf)), outputs: mergedOutputs(members) };
    put(context, name, entry);
  }
  return context;
}

/** `needs.<name>`: the caller for a called job seen from outside its call, else its own key. */
function groupName(job: NeededJob, needing: Pick<Job, 'call'>): string {
  const own = job.matrixGroup || job.jobKey;
  if (!job.call) return own;
  if (job.call.caller !== needing.call?.caller) return job.call.caller;
  return own.startsWith(`${job.call.caller}/`) ? own.slice(job.call.caller.length + 1) : own;
}

/** A call seen from outside: the called jobs' combined result, the called file's outputs. */
function callerEntry(members: readonly NeededJob[], templates: Record<string, string>): NeededJobResult {
  const byJob = new Map<string, NeededJob[]>();
  for (const member of members) {
    const key = member.call?.job ?? member.jobKey;
    byJob.set(key, [...(byJob.get(key) ?? []), member]);
  }
  const jobsContext: ExprObject = {};
  for (const [key, group] of byJob)
    put(
      jobsContext,
      key,
      toExprValue({ result: combinedResult(group.map(resultOf)), outputs: mergedOutputs(group) }),
    );
  const outputs: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    let value = '';
    try {
      value = interpolate(template, { contexts: { jobs: jobsContext } });
    } catch {
      // A template that cannot be evaluated reads as empty, like a missing output.
    }
    put(outputs, name, value);
  }
  return { result: combinedResult(members.map(resultOf)), outputs };
}

function mergedOutputs(members: readonly NeededJob[]): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const member of members)
    for (const [key, value] of Object.entries(member.outputs ?? {})) put(outputs, key, value);
  return outputs;
}

/** Sets a key as data even when it is `__proto__`. */
function put<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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
