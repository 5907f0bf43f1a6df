import { and, asc, eq, lte, ne, sql } from 'drizzle-orm';
import type { CommitInfo, PushEvent, PushEventStatus } from '../../ports/model/trigger.js';
import type { NewPushEvent, PushEventStore } from '../../ports/push-event-store.js';
import type { Db } from './database.js';
import { pushEvents } from './schema.js';

/** `PushEventStore` on PostgreSQL or PGlite. */
export class PgPushEventStore implements PushEventStore {
  constructor(private readonly db: Db) {}

  async recordPushEvents(events: NewPushEvent[]): Promise<PushEvent[]> {
    if (events.length === 0) return [];
    // One multi-row INSERT is one statement, so the events of a push land together or not at all.
    const rows = await this.db
      .insert(pushEvents)
      .values(
        events.map((e) => ({
          repoId: e.repoId,
          pusherUserId: e.pusherUserId,
          ref: e.ref,
          beforeSha: e.before,
          afterSha: e.after,
          headCommit: commitToJson(e.headCommit),
          changedPaths: e.changedPaths,
          createdAt: e.createdAt,
        })),
      )
      .returning();
    return rows.sort((a, b) => a.id - b.id).map(toPushEvent);
  }

  async getPushEvent(id: number): Promise<PushEvent | undefined> {
    const [row] = await this.db.select().from(pushEvents).where(eq(pushEvents.id, id));
    return row ? toPushEvent(row) : undefined;
  }

  async listPendingPushEvents(createdBefore: Date, limit: number): Promise<PushEvent[]> {
    const rows = await this.db
      .select()
      .from(pushEvents)
      .where(and(eq(pushEvents.status, 'pending'), lte(pushEvents.createdAt, createdBefore)))
      .orderBy(asc(pushEvents.id))
      .limit(limit);
    return rows.map(toPushEvent);
  }

  async markPushEventProcessed(id: number, at: Date): Promise<void> {
    await this.db
      .update(pushEvents)
      .set({ status: 'processed', processedAt: at })
      .where(and(eq(pushEvents.id, id), ne(pushEvents.status, 'processed')));
  }

  async recordPushEventFailure(
    id: number,
    error: string,
    maxAttempts: number,
  ): Promise<PushEvent | undefined> {
    const [row] = await this.db
      .update(pushEvents)
      .set({
        attempts: sql`${pushEvents.attempts} + 1`,
        lastError: error,
        status: sql`CASE WHEN ${pushEvents.attempts} + 1 >= ${maxAttempts} THEN 'failed' ELSE 'pending' END`,
      })
      .where(and(eq(pushEvents.id, id), ne(pushEvents.status, 'processed')))
      .returning();
    return row ? toPushEvent(row) : this.getPushEvent(id);
  }
}

function commitToJson(commit: CommitInfo) {
  return { ...commit, timestamp: commit.timestamp.toISOString() };
}

function toCommit(value: unknown): CommitInfo {
  const raw = value as Omit<CommitInfo, 'timestamp'> & { timestamp: string };
  return { id: raw.id, message: raw.message, author: raw.author, timestamp: new Date(raw.timestamp) };
}

function toPushEvent(row: typeof pushEvents.$inferSelect): PushEvent {
  return {
    id: row.id,
    repoId: row.repoId,
    pusherUserId: row.pusherUserId,
    ref: row.ref,
    before: row.beforeSha,
    after: row.afterSha,
    headCommit: toCommit(row.headCommit),
    changedPaths: row.changedPaths,
    status: row.status as PushEventStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    processedAt: row.processedAt,
  };
}
