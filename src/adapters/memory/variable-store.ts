import type { Variable } from '../../ports/model/variable.js';
import type { SecretScope } from '../../ports/secret-store.js';
import type { VariableStore, VariableWrite } from '../../ports/variable-store.js';
import type { MemoryState } from './state.js';

const inScope = (variable: Variable, scope: SecretScope) =>
  scope.kind === 'repo' ? variable.repoId === scope.repoId : variable.orgId === scope.orgId;
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** In-memory configuration variables per repository or organisation. */
export class MemoryVariableStore implements VariableStore {
  constructor(private readonly state: MemoryState) {}

  upsertVariable(
    scope: SecretScope,
    write: VariableWrite,
  ): Promise<{ variable: Variable; created: boolean }> {
    return this.state.transaction((tables) => {
      const owned =
        scope.kind === 'repo' ? tables.repos.has(scope.repoId) : tables.organizations.has(scope.orgId);
      if (!owned) throw new Error(`variable scope ${scope.kind} does not exist`);
      const existing = [...tables.variables.values()].find(
        (v) => inScope(v, scope) && sameName(v.name, write.name),
      );
      if (existing) {
        Object.assign(existing, { name: write.name, value: write.value, updatedAt: new Date(write.at) });
        return { variable: { ...existing }, created: false };
      }
      const variable: Variable = {
        id: this.state.nextId('actions_variables'),
        repoId: scope.kind === 'repo' ? scope.repoId : null,
        orgId: scope.kind === 'org' ? scope.orgId : null,
        name: write.name,
        value: write.value,
        createdAt: new Date(write.at),
        updatedAt: new Date(write.at),
      };
      tables.variables.set(variable.id, variable);
      return { variable: { ...variable }, created: true };
    });
  }

  async listVariables(scope: SecretScope): Promise<Variable[]> {
    return [...this.state.tables.variables.values()]
      .filter((v) => inScope(v, scope))
      .sort((a, b) => compareLower(a.name, b.name))
      .map((v) => ({ ...v }));
  }

  deleteVariable(scope: SecretScope, name: string): Promise<boolean> {
    return this.state.transaction((tables) => {
      const existing = [...tables.variables.values()].find(
        (v) => inScope(v, scope) && sameName(v.name, name),
      );
      return existing ? tables.variables.delete(existing.id) : false;
    });
  }
}

/** Byte-wise order of lower-cased names, as PostgreSQL's `ORDER BY lower(name) COLLATE "C"`. */
function compareLower(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
