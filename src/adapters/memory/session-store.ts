import type { WebSession } from '../../ports/model/session.js';
import type { NewWebSession, SessionStore } from '../../ports/session-store.js';
import type { MemoryState } from './state.js';

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Web UI sessions over the in-memory database. */
export class MemorySessionStore implements SessionStore {
  constructor(private readonly state: MemoryState) {}

  createSession(input: NewWebSession): Promise<WebSession> {
    return this.state.transaction((tables) => {
      if (!tables.users.has(input.userId)) throw new Error(`user ${input.userId} does not exist`);
      if ([...tables.sessions.values()].some((s) => sameBytes(s.tokenHash, input.tokenHash))) {
        throw new Error('duplicate session token hash');
      }
      const session: WebSession = { ...input, id: this.state.nextId('web_sessions'), revokedAt: null };
      tables.sessions.set(session.id, session);
      return structuredClone(session);
    });
  }

  async findSessionByHash(tokenHash: Uint8Array): Promise<WebSession | undefined> {
    const found = [...this.state.tables.sessions.values()].find((s) => sameBytes(s.tokenHash, tokenHash));
    return found && structuredClone(found);
  }

  revokeSession(id: number, at: Date): Promise<boolean> {
    return this.state.transaction((tables) => {
      const session = tables.sessions.get(id);
      if (!session || session.revokedAt !== null) return false;
      session.revokedAt = at;
      return true;
    });
  }

  revokeUserSessions(userId: number, at: Date): Promise<number> {
    return this.state.transaction((tables) => {
      let revoked = 0;
      for (const session of tables.sessions.values()) {
        if (session.userId !== userId || session.revokedAt !== null) continue;
        session.revokedAt = at;
        revoked++;
      }
      return revoked;
    });
  }

  deleteEndedSessions(before: Date): Promise<number> {
    return this.state.transaction((tables) => {
      const ended = [...tables.sessions.values()].filter(
        (s) => s.expiresAt < before || (s.revokedAt !== null && s.revokedAt < before),
      );
      for (const s of ended) tables.sessions.delete(s.id);
      return ended.length;
    });
  }
}
