/** Jobs and steps in GitHub's REST shape, with `waiting_reason` (SPEC §9.4) and shithub's fields. */

import { stepDisplayName } from '../../../domain/api/job-log.js';
import type { JobView } from '../../../domain/api/run-jobs.js';
import type { JobAnnotation } from '../../../ports/model/annotation.js';
import type { Repo } from '../../../ports/model/forge.js';
import type { Run, Step } from '../../../ports/model/run.js';
import { branchOf, githubStatus, repoPath } from './serialise-run.js';

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/** A step, with (beyond GitHub's shape) `summary`: its `$GITHUB_STEP_SUMMARY` Markdown, or null. */
export function stepJson(step: Step) {
  return {
    name: stepDisplayName(step),
    number: step.stepIndex + 1,
    status: githubStatus(step.status),
    conclusion: step.conclusion,
    started_at: iso(step.startedAt),
    completed_at: iso(step.completedAt),
    id: step.id,
    step_id: step.stepId,
    summary: step.summary ?? null,
  };
}

const LEVELS = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

/**
 * An annotation in GitHub's check-run annotation shape (`annotation_level` failure, warning
 * or notice); `path` is '' and the lines null for one that names no file, and `step_id`
 * is the step that printed it (null: the job's own).
 */
export function annotationJson(annotation: JobAnnotation) {
  return {
    path: annotation.file ?? '',
    start_line: annotation.line,
    end_line: annotation.endLine ?? annotation.line,
    start_column: annotation.column,
    end_column: annotation.endColumn ?? annotation.column,
    annotation_level: LEVELS[annotation.level],
    title: annotation.title,
    message: annotation.message,
    raw_details: null,
    blob_href: null,
    step_id: annotation.stepId,
  };
}

/** A job with its steps; `waiting_reason` is the code, `waiting_message` the sentence. */
export function jobJson(view: JobView, ctx: { run: Run; repo: Repo; baseUrl: string }) {
  const { job, runner, waiting } = view;
  const repoApi = `${ctx.baseUrl}/api/v1/repos/${repoPath(ctx.repo)}/actions`;
  return {
    id: job.id,
    run_id: job.runId,
    run_url: `${repoApi}/runs/${job.runId}`,
    url: `${repoApi}/jobs/${job.id}`,
    html_url: `${ctx.baseUrl}/${repoPath(ctx.repo)}/actions/runs/${ctx.run.runIndex}/jobs/${job.id}`,
    head_sha: ctx.run.headSha,
    head_branch: branchOf(ctx.run.headRef),
    workflow_name: ctx.run.workflowName || ctx.run.workflowFile,
    name: job.jobName || job.jobKey,
    status: githubStatus(job.status),
    conclusion: job.conclusion,
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    completed_at: iso(job.completedAt),
    labels: job.runsOn,
    runner_id: job.runnerId,
    runner_name: runner?.name ?? null,
    steps: view.steps.map(stepJson),
    job_key: job.jobKey,
    job_status: job.status,
    status_reason: job.statusReason,
    needs: job.needsJobs,
    timeout_minutes: job.timeoutMinutes,
    deadline_at: iso(job.deadlineAt),
    cancel_requested: job.cancelRequested,
    waiting_reason: waiting?.code ?? null,
    waiting_detail: waiting?.detail ?? null,
    waiting_message: waiting?.message ?? null,
  };
}
