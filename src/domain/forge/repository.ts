/** Repositories: a row plus a bare git repository on disk (SPEC §4). */
import type { Clock } from '../../ports/clock.js';
import type { GitRepositories } from '../../ports/git-repositories.js';
import type { Repo } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { conflict, invalid, notFound } from '../errors.js';
import { isValidBranchName } from './git-ref-name.js';
import { checkRepoName, parseRepoPath, quote } from './names.js';

export const DEFAULT_BRANCH = 'trunk';

export interface CreateRepoDeps {
  users: UserStore;
  repos: RepoStore;
  gitRepos: GitRepositories;
  clock: Clock;
}

export interface CreateRepoInput {
  ownerName: string;
  name: string;
  isPrivate?: boolean;
  /** Defaults to `trunk`. */
  defaultBranch?: string;
  forkOfRepoId?: number | null;
}

/**
 * Creates a repository owned by a user or organisation: the row and its bare git
 * repository, all or nothing (the row is rolled back if git fails). Throws `invalid`
 * `repo.name_invalid` / `repo.default_branch_invalid`, `not_found` `owner.not_found` /
 * `repo.not_found` (fork source), or `conflict` `repo.exists`.
 */
export async function createRepo(deps: CreateRepoDeps, input: CreateRepoInput): Promise<Repo> {
  checkRepoName(input.name);
  const defaultBranch = input.defaultBranch ?? DEFAULT_BRANCH;
  if (!isValidBranchName(defaultBranch)) {
    throw invalid(
      'repo.default_branch_invalid',
      `default branch ${quote(defaultBranch)} is not a valid branch name`,
    );
  }
  const owner = await deps.users.findOwner(input.ownerName);
  if (!owner) throw notFound('owner.not_found', `owner ${quote(input.ownerName)} not found`);
  const forkOfRepoId = input.forkOfRepoId ?? null;
  if (forkOfRepoId !== null && !(await deps.repos.getRepoById(forkOfRepoId))) {
    throw notFound('repo.not_found', `repository #${forkOfRepoId} not found`);
  }

  const ownerName = owner.kind === 'user' ? owner.user.name : owner.org.name;
  const created = await deps.repos.createRepo(
    {
      ownerUserId: owner.kind === 'user' ? owner.user.id : null,
      ownerOrgId: owner.kind === 'org' ? owner.org.id : null,
      ownerName,
      name: input.name,
      isPrivate: input.isPrivate ?? false,
      defaultBranch,
      forkOfRepoId,
      createdAt: deps.clock.now(),
    },
    async (repo) => {
      const outcome = await deps.gitRepos.create(repo.ownerName, repo.name, repo.defaultBranch);
      if (outcome === 'exists') {
        throw conflict('repo.exists', `repository ${repo.ownerName}/${repo.name} already exists on disk`);
      }
    },
  );
  if (created === 'exists') {
    throw conflict('repo.exists', `repository ${ownerName}/${input.name} already exists`);
  }
  return created;
}

/**
 * The repository at `owner/name` (both case-insensitive). Throws `invalid`
 * `repo.path_invalid` for another shape, `not_found` `repo.not_found` when absent.
 */
export async function getRepoByPath(deps: { repos: RepoStore }, path: string): Promise<Repo> {
  const { ownerName, name } = parseRepoPath(path);
  const repo = await deps.repos.getRepoByPath(ownerName, name);
  if (!repo) throw notFound('repo.not_found', `repository ${ownerName}/${name} not found`);
  return repo;
}
