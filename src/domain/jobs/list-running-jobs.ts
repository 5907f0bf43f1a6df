/** `admin runner jobs`: running jobs with their runner and ages (SPEC §14, facts §9). */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { Conclusion, JobStatus } from '../../ports/model/run.js';
import type { RunnerStatus } from '../../ports/model/runner.js';
import { invalid, notFound } from '../errors.js';

export const DEFAULT_RUNNING_JOBS_LIMIT = 500;
export const MAX_RUNNING_JOBS_LIMIT = 5000;

export interface RunningJobRow {
  id: number;
  runId: number;
  repoId: number;
  /** `<owner>/<name>`. */
  repository: string;
  runIndex: number;
  workflowFile: string;
  workflowName: string;
  jobKey: string;
  jobName: string;
  /** Labels joined by `,` (empty: any runner). */
  runsOn: string;
  status: JobStatus;
  conclusion: Conclusion | null;
  cancelRequested: boolean;
  runnerId: number | null;
  runnerName: string | null;
  runnerStatus: RunnerStatus | null;
  runnerLastHeartbeatAt: Date | null;
  runnerLastHeartbeatAgeSeconds: number | null;
  startedAt: Date | null;
  startedAgeSeconds: number | null;
  headRef: string;
  headSha: string;
}

/**
 * Running jobs, oldest start first, optionally of one runner (not_found
 * `runner.not_found`), at most `limit` (1..5000, default 500; invalid `jobs.invalid_limit`).
 */
export async function listRunningJobs(
  deps: { queue: JobQueue; lifecycle: JobLifecycle; clock: Clock },
  input: { runnerId?: number; limit?: number } = {},
): Promise<RunningJobRow[]> {
  const limit = input.limit ?? DEFAULT_RUNNING_JOBS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNNING_JOBS_LIMIT) {
    throw invalid('jobs.invalid_limit', `limit must be between 1 and ${MAX_RUNNING_JOBS_LIMIT}`);
  }
  if (input.runnerId !== undefined && !(await deps.lifecycle.findRunner(input.runnerId))) {
    throw notFound('runner.not_found', `runner ${input.runnerId} not found`);
  }
  const now = deps.clock.now();
  const age = (at: Date | null) =>
    at ? Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000)) : null;
  const views = await deps.queue.listRunningJobs({ runnerId: input.runnerId, limit });
  return views.map(({ job, run, repository, runner }) => ({
    id: job.id,
    runId: run.id,
    repoId: run.repoId,
    repository,
    runIndex: run.runIndex,
    workflowFile: run.workflowFile,
    workflowName: run.workflowName,
    jobKey: job.jobKey,
    jobName: job.jobName,
    runsOn: job.runsOn.join(','),
    status: job.status,
    conclusion: job.conclusion,
    cancelRequested: job.cancelRequested,
    runnerId: job.runnerId,
    runnerName: runner?.name ?? null,
    runnerStatus: runner?.status ?? null,
    runnerLastHeartbeatAt: runner?.lastHeartbeatAt ?? null,
    runnerLastHeartbeatAgeSeconds: age(runner?.lastHeartbeatAt ?? null),
    startedAt: job.startedAt,
    startedAgeSeconds: age(job.startedAt),
    headRef: run.headRef,
    headSha: run.headSha,
  }));
}
