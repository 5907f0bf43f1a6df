import { and, asc, desc, eq, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { PullRequest, PullRequestState } from '../../ports/model/trigger.js';
import type { NewPullRequest, PullRequestPatch, PullRequestStore } from '../../ports/pull-request-store.js';
import type { Db } from './database.js';
import { pullRequests } from './schema.js';

/** Advisory-lock key space for numbering pull requests per base repository ('PULL'). */
const NUMBER_LOCK_SPACE = 0x50554c4c;

/** `PullRequestStore` on PostgreSQL or PGlite. */
export class PgPullRequestStore implements PullRequestStore {
  constructor(private readonly db: Db) {}

  createPullRequest(input: NewPullRequest): Promise<PullRequest> {
    // Creators of one base repository serialise on an advisory lock, so the next number
    // computed inside the transaction is free; the unique index stays the guarantee.
    return this.db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(${NUMBER_LOCK_SPACE}, (${input.baseRepoId}::bigint % 2147483647)::int)`,
      );
      const [row] = await tx
        .insert(pullRequests)
        .values({
          ...input,
          number: sql`(SELECT COALESCE(MAX(number), 0) + 1 FROM pull_requests WHERE base_repo_id = ${input.baseRepoId})`,
          updatedAt: input.createdAt,
        })
        .returning();
      if (!row) throw new Error('pull request insert returned no row');
      return toPullRequest(row);
    });
  }

  async getPullRequest(baseRepoId: number, number: number): Promise<PullRequest | undefined> {
    const [row] = await this.db
      .select()
      .from(pullRequests)
      .where(and(eq(pullRequests.baseRepoId, baseRepoId), eq(pullRequests.number, number)));
    return row ? toPullRequest(row) : undefined;
  }

  async getPullRequestById(id: number): Promise<PullRequest | undefined> {
    const [row] = await this.db.select().from(pullRequests).where(eq(pullRequests.id, id));
    return row ? toPullRequest(row) : undefined;
  }

  async listByBase(baseRepoId: number, limit: number): Promise<PullRequest[]> {
    const rows = await this.db
      .select()
      .from(pullRequests)
      .where(eq(pullRequests.baseRepoId, baseRepoId))
      .orderBy(desc(pullRequests.number))
      .limit(limit);
    return rows.map(toPullRequest);
  }

  async listOpenByHead(headRepoId: number, headBranch: string): Promise<PullRequest[]> {
    const rows = await this.db
      .select()
      .from(pullRequests)
      .where(
        and(
          eq(pullRequests.state, 'open'),
          eq(pullRequests.headRepoId, headRepoId),
          eq(pullRequests.headBranch, headBranch),
        ),
      )
      .orderBy(asc(pullRequests.id));
    return rows.map(toPullRequest);
  }

  async updatePullRequest(id: number, patch: PullRequestPatch, at: Date): Promise<PullRequest | undefined> {
    const [row] = await this.db
      .update(pullRequests)
      .set({ ...patch, updatedAt: at })
      .where(eq(pullRequests.id, id))
      .returning();
    return row ? toPullRequest(row) : undefined;
  }

  async listUntriggered(updatedBefore: Date, limit: number): Promise<PullRequest[]> {
    const rows = await this.db
      .select()
      .from(pullRequests)
      .where(
        and(
          eq(pullRequests.state, 'open'),
          or(isNull(pullRequests.triggeredSha), ne(pullRequests.triggeredSha, pullRequests.headSha)),
          lte(pullRequests.updatedAt, updatedBefore),
        ),
      )
      .orderBy(asc(pullRequests.id))
      .limit(limit);
    return rows.map(toPullRequest);
  }
}

function toPullRequest(row: typeof pullRequests.$inferSelect): PullRequest {
  return { ...row, state: row.state as PullRequestState };
}
