/** Admin handlers for the job side of `admin runner …` (queue, jobs, recover-stale-jobs). */
import { listRunningJobs } from '../../../domain/jobs/list-running-jobs.js';
import { recoverStaleJobs } from '../../../domain/jobs/lost-runners.js';
import { summariseQueue } from '../../../domain/jobs/summarise-queue.js';
import type { AdminHandler } from './admin-deps.js';
import { intList, iso, optBool, optInt, reqInt } from './input.js';

export const jobHandlers: Record<string, AdminHandler> = {
  'runner.queue': async (deps) => {
    const rows = await summariseQueue(deps, { staleAfterMs: deps.runnerStaleAfterMs });
    return rows.map((r) => ({
      runs_on: r.runsOn,
      queued_jobs: r.queuedJobs,
      matching_runner_count: r.matchingRunnerCount,
      oldest_queued_at: iso(r.oldestQueuedAt),
      oldest_queued_seconds: r.oldestQueuedSeconds,
      waiting_reason: r.waitingReason?.code ?? null,
      waiting_message: r.waitingReason?.message ?? null,
    }));
  },

  'runner.jobs': async (deps, input) => {
    const rows = await listRunningJobs(deps, {
      runnerId: optInt(input, 'id'),
      limit: optInt(input, 'limit'),
    });
    return rows.map((r) => ({
      id: r.id,
      run_id: r.runId,
      repo_id: r.repoId,
      repository: r.repository,
      run_index: r.runIndex,
      workflow_file: r.workflowFile,
      workflow_name: r.workflowName,
      job_key: r.jobKey,
      job_name: r.jobName,
      runs_on: r.runsOn,
      status: r.status,
      conclusion: r.conclusion,
      cancel_requested: r.cancelRequested,
      runner_id: r.runnerId,
      runner_name: r.runnerName,
      runner_status: r.runnerStatus,
      runner_last_heartbeat_at: iso(r.runnerLastHeartbeatAt),
      runner_last_heartbeat_age_seconds: r.runnerLastHeartbeatAgeSeconds,
      started_at: iso(r.startedAt),
      started_age_seconds: r.startedAgeSeconds,
      head_ref: r.headRef,
      head_sha: r.headSha,
    }));
  },

  'runner.recover_stale_jobs': async (deps, input) => {
    const report = await recoverStaleJobs(deps, {
      runnerId: reqInt(input, 'id'),
      activeJobIds: intList(input, 'active_job_ids'),
      dryRun: optBool(input, 'dry_run'),
    });
    return {
      runner_id: report.runnerId,
      runner_name: report.runnerName,
      dry_run: report.dryRun,
      active_job_ids: report.activeJobIds,
      scanned_jobs: report.scannedJobs,
      candidate_jobs: report.candidateJobs.map((j) => ({
        id: j.id,
        run_id: j.runId,
        job_key: j.jobKey,
        started_at: iso(j.startedAt),
      })),
      finalised_job_ids: report.finalisedJobIds,
      completed_run_ids: report.completedRunIds,
      finalised_job_count: report.finalisedJobIds.length,
      completed_run_count: report.completedRunIds.length,
    };
  },
};
