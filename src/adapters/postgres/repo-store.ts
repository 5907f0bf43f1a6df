import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Collaborator, Repo, RepoRole } from '../../ports/model/forge.js';
import type { NewRepo, RepoStore } from '../../ports/repo-store.js';
import type { Db } from './database.js';
import { repoCollaborators, repos } from './schema.js';

/** Repositories and collaborators on PostgreSQL / PGlite. */
export class PgRepoStore implements RepoStore {
  constructor(private readonly db: Db) {}

  createRepo(input: NewRepo, provision: (repo: Repo) => Promise<void>): Promise<Repo | 'exists'> {
    // A concurrent insert of the same name waits on the unique index until this
    // transaction ends, so only one caller ever provisions.
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(repos).values(input).onConflictDoNothing().returning();
      if (!row) return 'exists';
      const repo = toRepo(row);
      await provision(repo);
      return repo;
    });
  }

  async getRepoByPath(ownerName: string, name: string): Promise<Repo | undefined> {
    const [row] = await this.db
      .select()
      .from(repos)
      .where(
        and(sql`lower(${repos.ownerName}) = lower(${ownerName})`, sql`lower(${repos.name}) = lower(${name})`),
      );
    return row && toRepo(row);
  }

  async getRepoById(id: number): Promise<Repo | undefined> {
    const [row] = await this.db.select().from(repos).where(eq(repos.id, id));
    return row && toRepo(row);
  }

  async listRepos(afterId: number, limit: number): Promise<Repo[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .select()
      .from(repos)
      .where(gt(repos.id, afterId))
      .orderBy(asc(repos.id))
      .limit(limit);
    return rows.map(toRepo);
  }

  async upsertCollaborator(input: Collaborator): Promise<Collaborator> {
    const [row] = await this.db
      .insert(repoCollaborators)
      .values(input)
      .onConflictDoUpdate({
        target: [repoCollaborators.repoId, repoCollaborators.userId],
        set: { role: input.role },
      })
      .returning();
    if (!row) throw new Error('collaborator upsert returned no row');
    return toCollaborator(row);
  }

  async getCollaboratorRole(repoId: number, userId: number): Promise<RepoRole | undefined> {
    const [row] = await this.db
      .select({ role: repoCollaborators.role })
      .from(repoCollaborators)
      .where(and(eq(repoCollaborators.repoId, repoId), eq(repoCollaborators.userId, userId)));
    return row && toRole(row.role);
  }

  async listCollaborators(repoId: number): Promise<Collaborator[]> {
    const rows = await this.db
      .select()
      .from(repoCollaborators)
      .where(eq(repoCollaborators.repoId, repoId))
      .orderBy(asc(repoCollaborators.userId));
    return rows.map(toCollaborator);
  }
}

// --- row ↔ domain -------------------------------------------------------------------

function toRepo(row: typeof repos.$inferSelect): Repo {
  return {
    id: row.id,
    ownerUserId: row.ownerUserId,
    ownerOrgId: row.ownerOrgId,
    ownerName: row.ownerName,
    name: row.name,
    isPrivate: row.isPrivate,
    defaultBranch: row.defaultBranch,
    forkOfRepoId: row.forkOfRepoId,
    createdAt: row.createdAt,
  };
}

function toRole(role: string): RepoRole {
  if (role === 'read' || role === 'write' || role === 'admin') return role;
  throw new Error(`unexpected collaborator role in database: ${role}`);
}

function toCollaborator(row: typeof repoCollaborators.$inferSelect): Collaborator {
  return { repoId: row.repoId, userId: row.userId, role: toRole(row.role), createdAt: row.createdAt };
}
