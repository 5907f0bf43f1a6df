/** Who may do what on a repository (SPEC §4). */
import type { Repo, RepoRole } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { forbidden, notFound } from '../errors.js';
import { parseRepoPath } from './names.js';
import { getRepoByPath } from './repository.js';

const RANK: Record<RepoRole, number> = { read: 1, write: 2, admin: 3 };

/** True when `held` includes everything `needed` allows (admin ⊇ write ⊇ read). */
export function roleSatisfies(held: RepoRole | null, needed: RepoRole): boolean {
  return held !== null && RANK[held] >= RANK[needed];
}

export interface RepoPermissionDeps {
  users: UserStore;
  repos: RepoStore;
}

/**
 * The caller's role on `repo`, or null for no access: a site admin and the owning user
 * are admin; a collaborator has their role; anyone (anonymous included) may read a
 * public repository. An unknown `userId` counts as anonymous.
 */
export async function repoPermission(
  deps: RepoPermissionDeps,
  input: { userId: number | null; repo: Repo },
): Promise<RepoRole | null> {
  const { userId, repo } = input;
  const user = userId === null ? undefined : await deps.users.getUserById(userId);
  if (user?.isAdmin) return 'admin';
  if (user && repo.ownerUserId === user.id) return 'admin';
  const role = user ? await deps.repos.getCollaboratorRole(repo.id, user.id) : undefined;
  if (role) return role;
  return repo.isPrivate ? null : 'read';
}

/**
 * Loads `owner/name` and checks the caller holds at least `need`. A repository the
 * caller cannot read answers `not_found` `repo.not_found` exactly like a missing one
 * (its existence is not revealed); a readable one without enough access answers
 * `forbidden` `repo.forbidden`.
 */
export async function authorizeRepo(
  deps: RepoPermissionDeps,
  input: { userId: number | null; repoPath: string; need: RepoRole },
): Promise<{ repo: Repo; permission: RepoRole }> {
  const repo = await getRepoByPath(deps, input.repoPath);
  const permission = await repoPermission(deps, { userId: input.userId, repo });
  if (permission === null) {
    // Same message as a missing repository, spelled as the caller spelled it.
    const { ownerName, name } = parseRepoPath(input.repoPath);
    throw notFound('repo.not_found', `repository ${ownerName}/${name} not found`);
  }
  if (!roleSatisfies(permission, input.need)) {
    throw forbidden('repo.forbidden', `${input.need} access to ${repo.ownerName}/${repo.name} is required`);
  }
  return { repo, permission };
}
