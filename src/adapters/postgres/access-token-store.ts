import { asc, eq, sql } from 'drizzle-orm';
import type { AccessTokenStore, NewAccessToken } from '../../ports/access-token-store.js';
import type { PatScope, PersonalAccessToken } from '../../ports/model/forge.js';
import type { Db } from './database.js';
import { personalAccessTokens } from './schema.js';

/** Personal access tokens on PostgreSQL / PGlite. */
export class PgAccessTokenStore implements AccessTokenStore {
  constructor(private readonly db: Db) {}

  async createAccessToken(input: NewAccessToken): Promise<PersonalAccessToken> {
    const [row] = await this.db.insert(personalAccessTokens).values(input).returning();
    if (!row) throw new Error('access token insert returned no row');
    return toPat(row);
  }

  async findByHash(tokenHash: Uint8Array): Promise<PersonalAccessToken | undefined> {
    const [row] = await this.db
      .select()
      .from(personalAccessTokens)
      .where(eq(personalAccessTokens.tokenHash, tokenHash));
    return row && toPat(row);
  }

  async listForUser(userId: number): Promise<PersonalAccessToken[]> {
    const rows = await this.db
      .select()
      .from(personalAccessTokens)
      .where(eq(personalAccessTokens.userId, userId))
      .orderBy(asc(personalAccessTokens.id));
    return rows.map(toPat);
  }

  async revokeAccessToken(id: number, at: Date): Promise<PersonalAccessToken | undefined> {
    // COALESCE keeps the first revocation time, so repeating the call changes nothing.
    const [row] = await this.db
      .update(personalAccessTokens)
      .set({ revokedAt: sql`COALESCE(${personalAccessTokens.revokedAt}, ${at.toISOString()}::timestamptz)` })
      .where(eq(personalAccessTokens.id, id))
      .returning();
    return row && toPat(row);
  }

  async touchAccessToken(id: number, at: Date): Promise<void> {
    await this.db.update(personalAccessTokens).set({ lastUsedAt: at }).where(eq(personalAccessTokens.id, id));
  }
}

// --- row ↔ domain -------------------------------------------------------------------

const SCOPES: readonly string[] = ['repo:read', 'repo:write', 'admin'];

function toScope(scope: string): PatScope {
  if (SCOPES.includes(scope)) return scope as PatScope;
  throw new Error(`unexpected access token scope in database: ${scope}`);
}

function toPat(row: typeof personalAccessTokens.$inferSelect): PersonalAccessToken {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    tokenHash: row.tokenHash,
    scopes: row.scopes.map(toScope),
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}
