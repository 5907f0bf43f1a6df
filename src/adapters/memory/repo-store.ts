import type { Collaborator, Repo, RepoRole } from '../../ports/model/forge.js';
import type { NewRepo, RepoStore } from '../../ports/repo-store.js';
import type { MemoryState, MemoryTables } from './state.js';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findRepo(tables: MemoryTables, ownerName: string, name: string): Repo | undefined {
  return [...tables.repos.values()].find((r) => sameName(r.ownerName, ownerName) && sameName(r.name, name));
}

/** In-memory repositories and collaborators. */
export class MemoryRepoStore implements RepoStore {
  constructor(private readonly state: MemoryState) {}

  createRepo(input: NewRepo, provision: (repo: Repo) => Promise<void>): Promise<Repo | 'exists'> {
    // The transaction restores the tables if `provision` throws, so the row disappears.
    return this.state.transaction(async (tables) => {
      if (findRepo(tables, input.ownerName, input.name)) return 'exists';
      const repo: Repo = { id: this.state.nextId('repos'), ...input };
      tables.repos.set(repo.id, repo);
      await provision(structuredClone(repo));
      return structuredClone(repo);
    });
  }

  async getRepoByPath(ownerName: string, name: string): Promise<Repo | undefined> {
    const repo = findRepo(this.state.tables, ownerName, name);
    return repo && structuredClone(repo);
  }

  async getRepoById(id: number): Promise<Repo | undefined> {
    const repo = this.state.tables.repos.get(id);
    return repo && structuredClone(repo);
  }

  async listRepos(afterId: number, limit: number): Promise<Repo[]> {
    return [...this.state.tables.repos.values()]
      .filter((r) => r.id > afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, Math.max(0, limit))
      .map((r) => structuredClone(r));
  }

  upsertCollaborator(input: Collaborator): Promise<Collaborator> {
    return this.state.transaction((tables) => {
      if (!tables.repos.has(input.repoId) || !tables.users.has(input.userId)) {
        throw new Error(`collaborator references a missing repository or user`);
      }
      const existing = tables.collaborators.find(
        (c) => c.repoId === input.repoId && c.userId === input.userId,
      );
      if (existing) {
        existing.role = input.role;
        return structuredClone(existing);
      }
      const row = { ...input };
      tables.collaborators.push(row);
      return structuredClone(row);
    });
  }

  async getCollaboratorRole(repoId: number, userId: number): Promise<RepoRole | undefined> {
    return this.state.tables.collaborators.find((c) => c.repoId === repoId && c.userId === userId)?.role;
  }

  async listCollaborators(repoId: number): Promise<Collaborator[]> {
    return this.state.tables.collaborators
      .filter((c) => c.repoId === repoId)
      .sort((a, b) => a.userId - b.userId)
      .map((c) => structuredClone(c));
  }
}
