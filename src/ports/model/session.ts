/** A signed-in browser session of the web UI (SPEC §17). */
export interface WebSession {
  id: number;
  userId: number;
  /** SHA-256 of the session token (the cookie's value); the token itself is never stored. */
  tokenHash: Uint8Array;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}
