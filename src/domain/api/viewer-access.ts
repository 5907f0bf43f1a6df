/**
 * What a web UI viewer — a signed-in user or an anonymous browser — may see and do on a
 * repository (SPEC §4, §17). The rules are the PAT API's (`repoPermission`) without token
 * scopes; a repository the viewer cannot read is 404 like a missing one, and so is an
 * action the viewer may not take (a reader learns nothing from a forged form).
 */
import type { Repo, RepoRole, User } from '../../ports/model/forge.js';
import type { Run } from '../../ports/model/run.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { RunQueries } from '../../ports/run-queries.js';
import type { UserStore } from '../../ports/user-store.js';
import { notFound } from '../errors.js';
import { isValidOwnerName, isValidRepoName, quote } from '../forge/names.js';
import { repoPermission, roleSatisfies } from '../forge/repo-permission.js';

/** The person looking at a page: a signed-in user, or null for an anonymous browser. */
export type Viewer = User | null;

export interface ViewedRepo {
  repo: Repo;
  /** The viewer's role (`read` at least: hidden repositories never get this far). */
  permission: RepoRole;
}

type Deps = { users: UserStore; repos: RepoStore };

/**
 * Loads `owner/name` for the viewer. Throws not_found `repo.not_found` when either name is
 * invalid (no lookup), the repository is missing or hidden, or — with `need` — the viewer
 * lacks that role.
 */
export async function viewRepo(
  deps: Deps,
  input: { viewer: Viewer; ownerName: string; name: string; need?: RepoRole },
): Promise<ViewedRepo> {
  const hidden = notFound(
    'repo.not_found',
    `repository ${quote(`${input.ownerName}/${input.name}`)} not found`,
  );
  if (!isValidOwnerName(input.ownerName) || !isValidRepoName(input.name)) throw hidden;
  const repo = await deps.repos.getRepoByPath(input.ownerName, input.name);
  if (!repo) throw hidden;
  const permission = await repoPermission(deps, { userId: input.viewer?.id ?? null, repo });
  if (permission === null || !roleSatisfies(permission, input.need ?? 'read')) throw hidden;
  return { repo, permission };
}

/** True when the role may cancel, re-run, approve and reject runs. */
export function canOperateRuns(permission: RepoRole): boolean {
  return roleSatisfies(permission, 'write');
}

/** The repository's run with this per-repository index; not_found `run.not_found` otherwise. */
export async function findRunByIndex(
  deps: { runQueries: RunQueries },
  input: { repoId: number; runIndex: number },
): Promise<Run> {
  const { runs } = await deps.runQueries.listRuns(
    { repoId: input.repoId, runIndex: input.runIndex },
    { limit: 1, offset: 0 },
  );
  const run = runs[0];
  if (!run) throw notFound('run.not_found', `run ${input.runIndex} not found`);
  return run;
}
