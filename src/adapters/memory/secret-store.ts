import type { SealedSecret } from '../../ports/model/forge.js';
import type { SecretScope, SecretStore, SecretWrite } from '../../ports/secret-store.js';
import type { MemoryState } from './state.js';

const inScope = (secret: SealedSecret, scope: SecretScope) =>
  scope.kind === 'repo' ? secret.repoId === scope.repoId : secret.orgId === scope.orgId;
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** In-memory sealed secrets per repository or organisation. */
export class MemorySecretStore implements SecretStore {
  constructor(private readonly state: MemoryState) {}

  upsertSecret(scope: SecretScope, write: SecretWrite): Promise<SealedSecret> {
    return this.state.transaction((tables) => {
      const owned =
        scope.kind === 'repo' ? tables.repos.has(scope.repoId) : tables.organizations.has(scope.orgId);
      if (!owned) throw new Error(`secret scope ${scope.kind} does not exist`);
      const sealed = { ciphertext: new Uint8Array(write.ciphertext), nonce: new Uint8Array(write.nonce) };
      const existing = [...tables.secrets.values()].find(
        (s) => inScope(s, scope) && sameName(s.name, write.name),
      );
      if (existing) {
        Object.assign(existing, { name: write.name, ...sealed, updatedAt: new Date(write.at) });
        return structuredClone(existing);
      }
      const secret: SealedSecret = {
        id: this.state.nextId('secrets'),
        repoId: scope.kind === 'repo' ? scope.repoId : null,
        orgId: scope.kind === 'org' ? scope.orgId : null,
        name: write.name,
        ...sealed,
        createdAt: new Date(write.at),
        updatedAt: new Date(write.at),
      };
      tables.secrets.set(secret.id, secret);
      return structuredClone(secret);
    });
  }

  async listSecrets(scope: SecretScope): Promise<SealedSecret[]> {
    return [...this.state.tables.secrets.values()]
      .filter((s) => inScope(s, scope))
      .sort((a, b) => compareLower(a.name, b.name))
      .map((s) => structuredClone(s));
  }

  deleteSecret(scope: SecretScope, name: string): Promise<boolean> {
    return this.state.transaction((tables) => {
      const existing = [...tables.secrets.values()].find((s) => inScope(s, scope) && sameName(s.name, name));
      return existing ? tables.secrets.delete(existing.id) : false;
    });
  }
}

/** Byte-wise order of lower-cased names, as PostgreSQL's `ORDER BY lower(name) COLLATE "C"`. */
function compareLower(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
