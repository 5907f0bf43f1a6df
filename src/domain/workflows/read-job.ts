/** Builds one `WorkflowJob` from its validated mapping (SPEC §6). */

import { capMinutes } from './capped-timeouts.js';
import type { DiagnosticList } from './diagnostics.js';
import type { WorkflowJob } from './model.js';
import type { RunDefaults } from './model-job-parts.js';
import { checkJobShape, mergeDefaults, readCall, readContainer, readEnvironment } from './read-job-parts.js';
import { readStrategy } from './read-matrix.js';
import { readCondition, readSteps, split } from './read-steps.js';
import type { RawRunsOn } from './schema-job-parts.js';
import type { RawJob } from './schema-jobs.js';

export interface JobDefaults {
  /** `timeout-minutes` of jobs that set none. */
  timeoutMinutes: number;
  /** The workflow's `defaults.run`. */
  run: RunDefaults;
}

/** The job, and its combination count (null: no matrix, or decided by `${{ }}` at expansion). */
export function readJob(
  key: string,
  raw: RawJob,
  defaults: JobDefaults,
  out: DiagnosticList,
): { job: WorkflowJob; combinations: number | null } {
  const at = ['jobs', key];
  const calls = checkJobShape(raw, at, out);
  const strategy = raw.strategy ? readStrategy(raw.strategy, [...at, 'strategy'], out) : null;
  const runDefaults = mergeDefaults(defaults.run, raw.defaults);
  const [uncappedMinutes, timeoutMinutesExpr] = split(raw['timeout-minutes'], defaults.timeoutMinutes);
  const timeoutMinutes = capMinutes(uncappedMinutes);
  const [continueOnError, continueOnErrorExpr] = split(raw['continue-on-error'], false);
  const runsOn = readRunsOn(raw['runs-on']);
  const job: WorkflowJob = {
    key,
    name: raw.name ?? key,
    runsOn: runsOn.labels,
    runnerGroup: runsOn.group,
    needs: raw.needs ?? [],
    if: readCondition(raw.if, [...at, 'if'], out),
    timeoutMinutes,
    timeoutMinutesExpr,
    env: raw.env ?? {},
    permissions: raw.permissions ?? null,
    continueOnError,
    continueOnErrorExpr,
    concurrency: raw.concurrency ?? null,
    strategy: strategy?.strategy ?? null,
    outputs: raw.outputs ?? {},
    defaults: runDefaults,
    container:
      raw.container === undefined
        ? null
        : readContainer(raw.container, 'container', [...at, 'container'], out),
    services: Object.fromEntries(
      Object.entries(raw.services ?? {}).map(([name, service]) => [
        name,
        readContainer(service, 'service', [...at, 'services', name], out),
      ]),
    ),
    environment: readEnvironment(raw.environment),
    uses: calls ? readCall(raw, at, out) : null,
    steps: readSteps(raw.steps ?? [], [...at, 'steps'], out, runDefaults),
  };
  return { job, combinations: strategy?.combinations ?? null };
}

/** `runs-on` as labels (a list, one label, or `{group, labels}`); none for a calling job. */
function readRunsOn(raw: RawRunsOn | undefined): { labels: string[]; group: string | null } {
  if (raw === undefined) return { labels: [], group: null };
  if (Array.isArray(raw)) return { labels: raw, group: null };
  return { labels: raw.labels ?? [], group: raw.group ?? null };
}
