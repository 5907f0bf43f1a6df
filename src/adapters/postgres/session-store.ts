import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { WebSession } from '../../ports/model/session.js';
import type { NewWebSession, SessionStore } from '../../ports/session-store.js';
import type { Db } from './database.js';
import { webSessions } from './schema.js';

/** Web UI sessions on PostgreSQL / PGlite. */
export class PgSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async createSession(input: NewWebSession): Promise<WebSession> {
    const [row] = await this.db.insert(webSessions).values(input).returning();
    if (!row) throw new Error('session insert returned no row');
    return toSession(row);
  }

  async findSessionByHash(tokenHash: Uint8Array): Promise<WebSession | undefined> {
    const [row] = await this.db.select().from(webSessions).where(eq(webSessions.tokenHash, tokenHash));
    return row && toSession(row);
  }

  async revokeSession(id: number, at: Date): Promise<boolean> {
    // Only a live row changes, so a repeated revocation keeps the first time.
    const rows = await this.db
      .update(webSessions)
      .set({ revokedAt: at })
      .where(and(eq(webSessions.id, id), isNull(webSessions.revokedAt)))
      .returning({ id: webSessions.id });
    return rows.length > 0;
  }

  async revokeUserSessions(userId: number, at: Date): Promise<number> {
    const rows = await this.db
      .update(webSessions)
      .set({ revokedAt: at })
      .where(and(eq(webSessions.userId, userId), isNull(webSessions.revokedAt)))
      .returning({ id: webSessions.id });
    return rows.length;
  }

  async deleteEndedSessions(before: Date): Promise<number> {
    const rows = await this.db
      .delete(webSessions)
      .where(
        or(
          lt(webSessions.expiresAt, before),
          and(isNotNull(webSessions.revokedAt), lt(webSessions.revokedAt, before)),
        ),
      )
      .returning({ id: webSessions.id });
    return rows.length;
  }
}

// --- row ↔ domain -------------------------------------------------------------------

function toSession(row: typeof webSessions.$inferSelect): WebSession {
  return {
    id: row.id,
    userId: row.userId,
    tokenHash: row.tokenHash,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
