import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Variable } from '../../ports/model/variable.js';
import type { SecretScope } from '../../ports/secret-store.js';
import type { VariableStore, VariableWrite } from '../../ports/variable-store.js';
import type { Db } from './database.js';
import { actionsVariables, organizations, repos } from './schema.js';

const inScope = (scope: SecretScope): SQL =>
  scope.kind === 'repo' ? eq(actionsVariables.repoId, scope.repoId) : eq(actionsVariables.orgId, scope.orgId);
const nameIs = (name: string): SQL => sql`lower(${actionsVariables.name}) = lower(${name})`;

/** Configuration variables on PostgreSQL / PGlite. */
export class PgVariableStore implements VariableStore {
  constructor(private readonly db: Db) {}

  upsertVariable(
    scope: SecretScope,
    write: VariableWrite,
  ): Promise<{ variable: Variable; created: boolean }> {
    // Writers of one scope serialise on its repository/organisation row, so the
    // look-up-then-write below cannot race into a unique violation.
    return this.db.transaction(async (tx) => {
      await lockScope(tx, scope);
      const fields = { name: write.name, value: write.value, updatedAt: write.at };
      const [updated] = await tx
        .update(actionsVariables)
        .set(fields)
        .where(and(inScope(scope), nameIs(write.name)))
        .returning();
      if (updated) return { variable: toVariable(updated), created: false };
      const [inserted] = await tx
        .insert(actionsVariables)
        .values({
          ...fields,
          repoId: scope.kind === 'repo' ? scope.repoId : null,
          orgId: scope.kind === 'org' ? scope.orgId : null,
          createdAt: write.at,
        })
        .returning();
      if (!inserted) throw new Error('variable insert returned no row');
      return { variable: toVariable(inserted), created: true };
    });
  }

  async listVariables(scope: SecretScope): Promise<Variable[]> {
    const rows = await this.db
      .select()
      .from(actionsVariables)
      .where(inScope(scope))
      .orderBy(sql`lower(${actionsVariables.name}) COLLATE "C"`);
    return rows.map(toVariable);
  }

  async deleteVariable(scope: SecretScope, name: string): Promise<boolean> {
    const rows = await this.db
      .delete(actionsVariables)
      .where(and(inScope(scope), nameIs(name)))
      .returning({ id: actionsVariables.id });
    return rows.length > 0;
  }
}

async function lockScope(tx: Db, scope: SecretScope): Promise<void> {
  const locked =
    scope.kind === 'repo'
      ? await tx.select({ id: repos.id }).from(repos).where(eq(repos.id, scope.repoId)).for('update')
      : await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, scope.orgId))
          .for('update');
  if (locked.length === 0) throw new Error(`variable scope ${scope.kind} does not exist`);
}

// --- row ↔ domain -------------------------------------------------------------------

function toVariable(row: typeof actionsVariables.$inferSelect): Variable {
  return {
    id: row.id,
    repoId: row.repoId,
    orgId: row.orgId,
    name: row.name,
    value: row.value,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
