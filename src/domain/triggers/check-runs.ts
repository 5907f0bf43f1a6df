/** Check runs kept in step with workflow jobs, and a commit's combined status (SPEC §5, facts §4.8). */
import type { CheckRunStore, NewCheckRun } from '../../ports/check-run-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Conclusion, Job, Run } from '../../ports/model/run.js';
import type { CheckRun, CheckStatus } from '../../ports/model/trigger.js';

/** `workflow_run:<run_id>:job:<job_key>`: the check run of one job. */
export function checkRunExternalId(runId: number, jobKey?: string): string {
  return jobKey === undefined ? `workflow_run:${runId}` : `workflow_run:${runId}:job:${jobKey}`;
}

/**
 * One check run per job, as the job stands; a run without jobs (a workflow file that failed
 * to parse) gets one check for the run itself, completed with its conclusion.
 */
export function checkRunsForRun(run: Run, jobs: readonly Job[]): NewCheckRun[] {
  if (jobs.length === 0) {
    return [
      {
        repoId: run.repoId,
        headSha: run.headSha,
        externalId: checkRunExternalId(run.id),
        name: run.workflowName,
        status: run.status === 'completed' ? 'completed' : 'queued',
        conclusion: run.conclusion,
        detailsUrl: '',
        startedAt: run.startedAt,
        completedAt: run.completedAt,
      },
    ];
  }
  return jobs.map((job) => ({
    repoId: run.repoId,
    headSha: run.headSha,
    externalId: checkRunExternalId(run.id, job.jobKey),
    name: job.jobName,
    detailsUrl: '',
    ...checkStateOf(job),
  }));
}

/** The check state a job implies: queued, in_progress while running, completed once it ended. */
export function checkStateOf(job: Pick<Job, 'status' | 'conclusion' | 'startedAt' | 'completedAt'>): {
  status: CheckStatus;
  conclusion: Conclusion | null;
  startedAt: Date | null;
  completedAt: Date | null;
} {
  switch (job.status) {
    case 'queued':
      return { status: 'queued', conclusion: null, startedAt: null, completedAt: null };
    case 'running':
      return { status: 'in_progress', conclusion: null, startedAt: job.startedAt, completedAt: null };
    case 'skipped':
      return {
        status: 'completed',
        conclusion: job.conclusion ?? 'skipped',
        startedAt: job.startedAt,
        completedAt: job.completedAt,
      };
    default:
      return {
        status: 'completed',
        conclusion: job.conclusion ?? 'cancelled',
        startedAt: job.startedAt,
        completedAt: job.completedAt,
      };
  }
}

/**
 * Brings the job's check run in line with the job (call after every job transition). Best
 * effort as in the original: a missing check run is not an error (returns undefined).
 */
export function syncCheckRun(
  deps: { checks: CheckRunStore; clock: Clock },
  input: { run: Pick<Run, 'id' | 'repoId'>; job: Job },
): Promise<CheckRun | undefined> {
  const { run, job } = input;
  const externalId = checkRunExternalId(run.id, job.jobKey);
  return deps.checks.updateCheckRun(run.repoId, externalId, checkStateOf(job), deps.clock.now());
}

export type CombinedStatus = 'pending' | 'success' | 'failure';

const FAILING: ReadonlySet<Conclusion> = new Set(['failure', 'cancelled', 'timed_out', 'action_required']);

/**
 * The roll-up of a commit's check runs: null without any; `failure` when one ended failing
 * (failure, cancelled, timed_out, action_required); else `pending` while one is open; else
 * `success` (success, neutral and skipped all count as success).
 */
export function combineCheckRuns(
  checks: readonly Pick<CheckRun, 'status' | 'conclusion'>[],
): CombinedStatus | null {
  if (checks.length === 0) return null;
  if (checks.some((c) => c.status === 'completed' && c.conclusion !== null && FAILING.has(c.conclusion))) {
    return 'failure';
  }
  return checks.some((c) => c.status !== 'completed') ? 'pending' : 'success';
}

/** The combined status of one commit with the check runs it rolls up. */
export async function getCommitStatus(
  deps: { checks: CheckRunStore },
  input: { repoId: number; sha: string },
): Promise<{ state: CombinedStatus | null; checks: CheckRun[] }> {
  const checks = await deps.checks.listCheckRuns(input.repoId, input.sha);
  return { state: combineCheckRuns(checks), checks };
}
