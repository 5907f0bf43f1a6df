/**
 * What a PAT caller may do on a repository and on the runs and jobs of one (SPEC §4, §7.3):
 * a repository the caller cannot see answers 404 exactly like a missing one; a visible one
 * without the role or the token scope answers 403.
 */

import type { PatScope, PersonalAccessToken, Repo, RepoRole, User } from '../../ports/model/forge.js';
import type { Job, Run } from '../../ports/model/run.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { RunStore } from '../../ports/run-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { type DomainError, forbidden, notFound } from '../errors.js';
import { isValidOwnerName, isValidRepoName, parseRepoPath, quote } from '../forge/names.js';
import { authorizeRepo, repoPermission, roleSatisfies } from '../forge/repo-permission.js';
import { hasScope } from '../tokens/personal-access-token.js';

/** Who is calling: the token's user and the token itself (for its scopes). */
export interface PatCaller {
  user: User;
  pat: PersonalAccessToken;
}

/** The repository role and the token scope an action needs. */
export interface AccessNeed {
  role: RepoRole;
  scope: PatScope;
}

export const READ_ACCESS: AccessNeed = { role: 'read', scope: 'repo:read' };
export const WRITE_ACCESS: AccessNeed = { role: 'write', scope: 'repo:write' };
/** Writing secrets: the repository's admins (its owner), with a token that may write. */
export const SECRETS_WRITE_ACCESS: AccessNeed = { role: 'admin', scope: 'repo:write' };
/** Listing secret names: the repository's admins, with any token. */
export const SECRETS_READ_ACCESS: AccessNeed = { role: 'admin', scope: 'repo:read' };

type Deps = { users: UserStore; repos: RepoStore };

/** Throws forbidden `token.scope_insufficient` unless the token grants `scope`. */
export function requireScope(caller: PatCaller, scope: PatScope): void {
  if (!hasScope(caller.pat, scope)) {
    throw forbidden('token.scope_insufficient', `this access token lacks the ${scope} scope`);
  }
}

/**
 * Loads `owner/name` for the caller: not_found `repo.not_found` when missing or hidden —
 * also, without a lookup, when either part is no valid name (it cannot exist, and text
 * such as U+0000 cannot even be compared by PostgreSQL) — forbidden `repo.forbidden` /
 * `token.scope_insufficient` when short of `need`.
 */
export async function authorizeRepoPath(
  deps: Deps,
  input: { caller: PatCaller; repoPath: string; need: AccessNeed },
): Promise<Repo> {
  const { ownerName, name } = parseRepoPath(input.repoPath);
  if (!isValidOwnerName(ownerName) || !isValidRepoName(name)) {
    throw notFound('repo.not_found', `repository ${quote(`${ownerName}/${name}`)} not found`);
  }
  const { repo } = await authorizeRepo(deps, {
    userId: input.caller.user.id,
    repoPath: input.repoPath,
    need: input.need.role,
  });
  requireScope(input.caller, input.need.scope);
  return repo;
}

/**
 * The run and its repository for the caller: not_found `run.not_found` when the run is
 * missing or its repository hidden; forbidden as `authorizeRepoPath` otherwise.
 */
export async function authorizeRun(
  deps: Deps & { runs: RunStore },
  input: { caller: PatCaller; runId: number; need: AccessNeed },
): Promise<{ run: Run; repo: Repo }> {
  const hidden = notFound('run.not_found', `run ${input.runId} not found`);
  const run = await deps.runs.getRun(input.runId);
  if (!run) throw hidden;
  const repo = await visibleRepo(deps, input.caller, run.repoId, input.need, hidden);
  return { run, repo };
}

/** Like `authorizeRun`, for a job (not_found `job.not_found`). */
export async function authorizeJob(
  deps: Deps & { runs: RunStore },
  input: { caller: PatCaller; jobId: number; need: AccessNeed },
): Promise<{ job: Job; run: Run; repo: Repo }> {
  const hidden = notFound('job.not_found', `job ${input.jobId} not found`);
  const job = await deps.runs.getJob(input.jobId);
  const run = job ? await deps.runs.getRun(job.runId) : undefined;
  if (!job || !run) throw hidden;
  const repo = await visibleRepo(deps, input.caller, run.repoId, input.need, hidden);
  return { job, run, repo };
}

async function visibleRepo(
  deps: Deps,
  caller: PatCaller,
  repoId: number,
  need: AccessNeed,
  hidden: DomainError,
): Promise<Repo> {
  const repo = await deps.repos.getRepoById(repoId);
  if (!repo) throw hidden;
  const permission = await repoPermission(deps, { userId: caller.user.id, repo });
  if (permission === null) throw hidden;
  if (!roleSatisfies(permission, need.role)) {
    throw forbidden('repo.forbidden', `${need.role} access to ${repo.ownerName}/${repo.name} is required`);
  }
  requireScope(caller, need.scope);
  return repo;
}
