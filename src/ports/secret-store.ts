import type { SealedSecret } from './model/forge.js';

/** Where a secret lives: a repository or an organisation. */
export type SecretScope = { kind: 'repo'; repoId: number } | { kind: 'org'; orgId: number };

/** A secret to write: already sealed by a `SecretBox`. */
export interface SecretWrite {
  name: string;
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  at: Date;
}

/** Sealed Actions secrets per repository or organisation; names are case-insensitive. */
export interface SecretStore {
  /**
   * Atomically inserts the secret, or replaces the sealed value of the scope's secret
   * whose name matches case-insensitively (the new spelling of the name is kept,
   * `createdAt` is kept, `updatedAt` becomes `at`). Concurrent writers of one name leave
   * exactly one row.
   */
  upsertSecret(scope: SecretScope, write: SecretWrite): Promise<SealedSecret>;
  /** The scope's secrets, ordered by lower-cased name. */
  listSecrets(scope: SecretScope): Promise<SealedSecret[]>;
  /** Deletes the scope's secret matching `name` case-insensitively; false if none. */
  deleteSecret(scope: SecretScope, name: string): Promise<boolean>;
}
