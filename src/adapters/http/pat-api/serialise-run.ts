/** Runs and repositories in GitHub's REST shape, plus the fields shithub adds. */

import type { RunView } from '../../../domain/api/run-view.js';
import type { Repo, User } from '../../../ports/model/forge.js';
import type { JobStatus, RunApproval, RunStatus } from '../../../ports/model/run.js';

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/** GitHub's status words: `running` is `in_progress`; ended states are `completed`. */
export function githubStatus(status: RunStatus | JobStatus): 'queued' | 'in_progress' | 'completed' {
  if (status === 'queued') return 'queued';
  if (status === 'running') return 'in_progress';
  return 'completed';
}

/** The branch of a `refs/heads/…` ref; null for tags and other refs. */
export function branchOf(ref: string): string | null {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

const userJson = (user: User | null) => (user ? { id: user.id, login: user.name } : null);

export function repoPath(repo: Pick<Repo, 'ownerName' | 'name'>): string {
  return `${repo.ownerName}/${repo.name}`;
}

/** A repository (GitHub's minimal shape). */
export function repoJson(repo: Repo, baseUrl: string) {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repoPath(repo),
    owner: { login: repo.ownerName },
    private: repo.isPrivate,
    fork: repo.forkOfRepoId !== null,
    default_branch: repo.defaultBranch,
    created_at: iso(repo.createdAt),
    html_url: `${baseUrl}/${repoPath(repo)}`,
    clone_url: `${baseUrl}/${repoPath(repo)}.git`,
  };
}

/** A workflow run: GitHub's fields first, then shithub's (`run_index`, `head_ref`, …). */
export function runJson(view: RunView, ctx: { repo: Repo; baseUrl: string }) {
  const { run, actor, approval } = view;
  const api = `${ctx.baseUrl}/api/v1/repos/${repoPath(ctx.repo)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.workflowName || run.workflowFile,
    display_title: run.workflowName || run.workflowFile,
    run_number: run.runIndex,
    run_attempt: 1,
    event: run.event,
    status: githubStatus(run.status),
    conclusion: run.conclusion,
    head_branch: branchOf(run.headRef),
    head_sha: run.headSha,
    path: run.workflowFile,
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    run_started_at: iso(run.startedAt),
    actor: userJson(actor),
    triggering_actor: userJson(actor),
    url: api,
    html_url: `${ctx.baseUrl}/${repoPath(ctx.repo)}/actions/runs/${run.runIndex}`,
    jobs_url: `${api}/jobs`,
    repository: { id: ctx.repo.id, name: ctx.repo.name, full_name: repoPath(ctx.repo) },
    run_index: run.runIndex,
    workflow_file: run.workflowFile,
    head_ref: run.headRef,
    parent_run_id: run.parentRunId,
    repo_id: run.repoId,
    completed_at: iso(run.completedAt),
    need_approval: run.needApproval,
    approved_by_user_id: run.approvedByUserId,
    ...(approval ? { approval: approvalJson(approval) } : {}),
    diagnostics: run.diagnostics,
  };
}

function approvalJson(a: RunApproval) {
  return {
    requested_reason: a.requestedReason,
    requested_at: iso(a.requestedAt),
    approved_by_user_id: a.approvedByUserId,
    approved_at: iso(a.approvedAt),
    rejected_by_user_id: a.rejectedByUserId,
    rejected_at: iso(a.rejectedAt),
  };
}
