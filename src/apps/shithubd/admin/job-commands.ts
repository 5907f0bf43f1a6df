/** The job side of `shithubd admin runner …`: queue, running jobs and stale-job recovery. */
import * as v from 'valibot';
import { listRunningJobs } from '../../../domain/jobs/list-running-jobs.js';
import { recoverStaleJobs } from '../../../domain/jobs/lost-runners.js';
import { summariseQueue } from '../../../domain/jobs/summarise-queue.js';
import { renderRecord, renderTable } from '../cli/text.js';
import { adminCommand, iso } from './admin-command.js';
import { adminInput, integer, optional, positiveInt, positiveIntList, toggle } from './input-fields.js';

const QUEUE_COLUMNS = [
  'runs_on',
  'queued_jobs',
  'matching_runner_count',
  'oldest_queued_seconds',
  'waiting_reason',
];
const JOBS_COLUMNS = [
  'id',
  'repository',
  'run_index',
  'job_key',
  'runner_name',
  'started_age_seconds',
  'runner_last_heartbeat_age_seconds',
  'cancel_requested',
];

export const jobCommands = {
  'runner.queue': adminCommand({
    path: ['admin', 'runner', 'queue'],
    summary: 'queued jobs grouped by requested labels, with matching runners and why they wait',
    input: adminInput({}),
    handle: async (deps) =>
      (await summariseQueue(deps, { staleAfterMs: deps.runnerStaleAfterMs })).map((r) => ({
        runs_on: r.runsOn,
        queued_jobs: r.queuedJobs,
        matching_runner_count: r.matchingRunnerCount,
        oldest_queued_at: iso(r.oldestQueuedAt),
        oldest_queued_seconds: r.oldestQueuedSeconds,
        waiting_reason: r.waitingReason?.code ?? null,
        waiting_message: r.waitingReason?.message ?? null,
      })),
    render: (rows) => renderTable(rows, QUEUE_COLUMNS),
  }),

  'runner.jobs': adminCommand({
    path: ['admin', 'runner', 'jobs'],
    summary: 'running jobs with their runner and ages',
    input: adminInput({
      id: optional(positiveInt('<runner-id>', 'only jobs of this runner')),
      limit: optional(integer('<n>', 'at most this many rows, 1..5000 (default 500)')),
    }),
    handle: async (deps, input) =>
      (await listRunningJobs(deps, { runnerId: input.id, limit: input.limit })).map((r) => ({
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
      })),
    render: (rows) => renderTable(rows, JOBS_COLUMNS),
  }),

  'runner.recover_stale_jobs': adminCommand({
    path: ['admin', 'runner', 'recover-stale-jobs'],
    summary: "finalise a runner's running jobs that it no longer runs",
    input: v.pipe(
      adminInput({
        id: positiveInt('<id>', 'runner id'),
        active_job_ids: positiveIntList(
          '--active-job-id',
          '<id>',
          'a job the runner still runs (repeatable)',
        ),
        dry_run: toggle('only show what would be finalised'),
        confirm: toggle('finalise the jobs'),
      }),
      v.partialCheck(
        [['dry_run'], ['confirm']],
        (input) => input.dry_run !== input.confirm,
        'give exactly one of --dry-run or --confirm',
      ),
    ),
    handle: async (deps, input) => {
      const report = await recoverStaleJobs(deps, {
        runnerId: input.id,
        activeJobIds: input.active_job_ids,
        dryRun: input.dry_run,
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
    render: renderRecord,
  }),
};
