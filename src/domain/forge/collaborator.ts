/** Collaborators: per-repository roles granted to users (SPEC §4). */
import type { Clock } from '../../ports/clock.js';
import type { Collaborator, RepoRole } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { invalid } from '../errors.js';
import { quote } from './names.js';
import { getRepoByPath } from './repository.js';
import { getUserByName } from './user.js';

export const REPO_ROLES: readonly RepoRole[] = ['read', 'write', 'admin'];

/** True for `read`, `write` and `admin`. */
export function isRepoRole(value: string): value is RepoRole {
  return (REPO_ROLES as readonly string[]).includes(value);
}

/**
 * Grants `role` on the repository to the user, replacing an earlier role (idempotent).
 * Throws `invalid` `collaborator.role_invalid` (checked first, so nothing is looked up
 * for a bad role), `invalid` `repo.path_invalid`, `not_found` `repo.not_found` /
 * `user.not_found`.
 */
export async function addCollaborator(
  deps: { users: UserStore; repos: RepoStore; clock: Clock },
  input: { repoPath: string; userName: string; role: string },
): Promise<Collaborator> {
  const { role } = input;
  if (!isRepoRole(role)) {
    throw invalid('collaborator.role_invalid', `role ${quote(role)} is invalid: use read, write or admin`);
  }
  const repo = await getRepoByPath(deps, input.repoPath);
  const user = await getUserByName(deps, input.userName);
  return deps.repos.upsertCollaborator({
    repoId: repo.id,
    userId: user.id,
    role,
    createdAt: deps.clock.now(),
  });
}
