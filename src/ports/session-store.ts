import type { WebSession } from './model/session.js';

/** Fields of a new web session; the store assigns the id. */
export type NewWebSession = Omit<WebSession, 'id' | 'revokedAt'>;

/**
 * Signed-in browser sessions of the web UI (SPEC §17). Only the SHA-256 of the session
 * token is stored; the token itself lives in the browser's cookie.
 */
export interface SessionStore {
  /** Inserts a live session. Two sessions never share a token hash (the insert throws). */
  createSession(input: NewWebSession): Promise<WebSession>;

  /** The session with this token hash, revoked and expired ones included (the domain judges). */
  findSessionByHash(tokenHash: Uint8Array): Promise<WebSession | undefined>;

  /**
   * Atomically revokes the session unless it already is; a second revocation keeps the first
   * time. True when this call revoked it.
   */
  revokeSession(id: number, at: Date): Promise<boolean>;

  /** Atomically revokes every live session of the user; answers how many it revoked. */
  revokeUserSessions(userId: number, at: Date): Promise<number>;

  /** Deletes sessions that expired or were revoked before `before`; answers how many. */
  deleteEndedSessions(before: Date): Promise<number>;
}
