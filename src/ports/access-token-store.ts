import type { PersonalAccessToken } from './model/forge.js';

/** Fields of a personal access token to insert; the store assigns the id. */
export type NewAccessToken = Omit<PersonalAccessToken, 'id' | 'revokedAt' | 'lastUsedAt'>;

/** Personal access tokens, stored by hash only. */
export interface AccessTokenStore {
  /** Inserts the token. Hashes are unique; a duplicate hash is an infrastructure error. */
  createAccessToken(input: NewAccessToken): Promise<PersonalAccessToken>;
  /** The token whose hash equals `tokenHash` (revoked and expired ones included). */
  findByHash(tokenHash: Uint8Array): Promise<PersonalAccessToken | undefined>;
  /** The user's tokens, oldest first. */
  listForUser(userId: number): Promise<PersonalAccessToken[]>;
  /**
   * Marks the token revoked at `at` unless it already is. Idempotent: returns the token
   * (with its first revocation time), or undefined when no token has this id.
   */
  revokeAccessToken(id: number, at: Date): Promise<PersonalAccessToken | undefined>;
  /** Records a use of the token; a no-op for an unknown id. */
  touchAccessToken(id: number, at: Date): Promise<void>;
}
