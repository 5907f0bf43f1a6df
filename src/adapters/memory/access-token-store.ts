import type { AccessTokenStore, NewAccessToken } from '../../ports/access-token-store.js';
import type { PersonalAccessToken } from '../../ports/model/forge.js';
import type { MemoryState } from './state.js';

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** In-memory personal access tokens, found by hash. */
export class MemoryAccessTokenStore implements AccessTokenStore {
  constructor(private readonly state: MemoryState) {}

  createAccessToken(input: NewAccessToken): Promise<PersonalAccessToken> {
    return this.state.transaction((tables) => {
      if (!tables.users.has(input.userId))
        throw new Error(`access token references missing user ${input.userId}`);
      if ([...tables.pats.values()].some((p) => equalBytes(p.tokenHash, input.tokenHash))) {
        throw new Error('duplicate access token hash');
      }
      const pat: PersonalAccessToken = {
        ...structuredClone(input),
        id: this.state.nextId('pats'),
        revokedAt: null,
        lastUsedAt: null,
      };
      tables.pats.set(pat.id, pat);
      return structuredClone(pat);
    });
  }

  async findByHash(tokenHash: Uint8Array): Promise<PersonalAccessToken | undefined> {
    const pat = [...this.state.tables.pats.values()].find((p) => equalBytes(p.tokenHash, tokenHash));
    return pat && structuredClone(pat);
  }

  async listForUser(userId: number): Promise<PersonalAccessToken[]> {
    return [...this.state.tables.pats.values()]
      .filter((p) => p.userId === userId)
      .sort((a, b) => a.id - b.id)
      .map((p) => structuredClone(p));
  }

  revokeAccessToken(id: number, at: Date): Promise<PersonalAccessToken | undefined> {
    return this.state.transaction((tables) => {
      const pat = tables.pats.get(id);
      if (!pat) return undefined;
      pat.revokedAt ??= new Date(at);
      return structuredClone(pat);
    });
  }

  touchAccessToken(id: number, at: Date): Promise<void> {
    return this.state.transaction((tables) => {
      const pat = tables.pats.get(id);
      if (pat) pat.lastUsedAt = new Date(at);
    });
  }
}
