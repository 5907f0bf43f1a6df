import type { Collaborator, Repo, RepoRole } from './model/forge.js';

/** Fields of a repository to insert; the store assigns the id. */
export interface NewRepo {
  ownerUserId: number | null;
  ownerOrgId: number | null;
  ownerName: string;
  name: string;
  isPrivate: boolean;
  defaultBranch: string;
  forkOfRepoId: number | null;
  createdAt: Date;
}

/** Repositories and their collaborators. */
export interface RepoStore {
  /**
   * Atomically inserts the repository row and then awaits `provision(repo)` inside the
   * same transaction (used to create the bare git repository). If `provision` throws, the
   * row is rolled back and the error propagates unchanged. Returns `'exists'` without
   * calling `provision` when the owner already has a repository with that name
   * (case-insensitively); two concurrent callers never both succeed.
   */
  createRepo(input: NewRepo, provision: (repo: Repo) => Promise<void>): Promise<Repo | 'exists'>;
  /** The repository `ownerName/name`, both compared case-insensitively. */
  getRepoByPath(ownerName: string, name: string): Promise<Repo | undefined>;
  /** The repository with this id. */
  getRepoById(id: number): Promise<Repo | undefined>;
  /** Up to `limit` repositories with an id above `afterId`, by id: a page of a full scan. */
  listRepos(afterId: number, limit: number): Promise<Repo[]>;
  /**
   * Atomically grants `role` to the user on the repository, replacing an earlier role
   * (idempotent; `createdAt` is kept from the first grant).
   */
  upsertCollaborator(input: Collaborator): Promise<Collaborator>;
  /** The user's collaborator role on the repository, if any. */
  getCollaboratorRole(repoId: number, userId: number): Promise<RepoRole | undefined>;
  /** Every collaborator of the repository, ordered by user id. */
  listCollaborators(repoId: number): Promise<Collaborator[]>;
}
