import type { Variable } from './model/variable.js';
import type { SecretScope } from './secret-store.js';

/** A variable to write. */
export interface VariableWrite {
  name: string;
  value: string;
  at: Date;
}

/** Configuration variables per repository or organisation (`vars`); names are case-insensitive. */
export interface VariableStore {
  /**
   * Atomically inserts the variable, or replaces the value of the scope's variable whose name
   * matches case-insensitively (the new spelling is kept, `createdAt` too, `updatedAt`
   * becomes `at`); `created` tells which. Concurrent writers of one name leave one row.
   */
  upsertVariable(scope: SecretScope, write: VariableWrite): Promise<{ variable: Variable; created: boolean }>;
  /** The scope's variables, ordered by lower-cased name. */
  listVariables(scope: SecretScope): Promise<Variable[]>;
  /** Deletes the scope's variable matching `name` case-insensitively; false if none. */
  deleteVariable(scope: SecretScope, name: string): Promise<boolean>;
}
