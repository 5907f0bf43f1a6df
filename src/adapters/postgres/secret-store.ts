import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { SealedSecret } from '../../ports/model/forge.js';
import type { SecretScope, SecretStore, SecretWrite } from '../../ports/secret-store.js';
import type { Db } from './database.js';
import { organizations, repos, workflowSecrets } from './schema.js';

const inScope = (scope: SecretScope): SQL =>
  scope.kind === 'repo' ? eq(workflowSecrets.repoId, scope.repoId) : eq(workflowSecrets.orgId, scope.orgId);
const nameIs = (name: string): SQL => sql`lower(${workflowSecrets.name}) = lower(${name})`;

/** Sealed Actions secrets on PostgreSQL / PGlite. */
export class PgSecretStore implements SecretStore {
  constructor(private readonly db: Db) {}

  upsertSecret(scope: SecretScope, write: SecretWrite): Promise<SealedSecret> {
    // Writers of one scope serialise on its repository/organisation row, so the
    // look-up-then-write below cannot race into a unique violation.
    return this.db.transaction(async (tx) => {
      await lockScope(tx, scope);
      const sealed = {
        name: write.name,
        ciphertext: write.ciphertext,
        nonce: write.nonce,
        updatedAt: write.at,
      };
      const [updated] = await tx
        .update(workflowSecrets)
        .set(sealed)
        .where(and(inScope(scope), nameIs(write.name)))
        .returning();
      if (updated) return toSecret(updated);
      const [inserted] = await tx
        .insert(workflowSecrets)
        .values({
          ...sealed,
          repoId: scope.kind === 'repo' ? scope.repoId : null,
          orgId: scope.kind === 'org' ? scope.orgId : null,
          createdAt: write.at,
        })
        .returning();
      if (!inserted) throw new Error('secret insert returned no row');
      return toSecret(inserted);
    });
  }

  async listSecrets(scope: SecretScope): Promise<SealedSecret[]> {
    const rows = await this.db
      .select()
      .from(workflowSecrets)
      .where(inScope(scope))
      .orderBy(sql`lower(${workflowSecrets.name}) COLLATE "C"`);
    return rows.map(toSecret);
  }

  async deleteSecret(scope: SecretScope, name: string): Promise<boolean> {
    const rows = await this.db
      .delete(workflowSecrets)
      .where(and(inScope(scope), nameIs(name)))
      .returning({ id: workflowSecrets.id });
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
  if (locked.length === 0) throw new Error(`secret scope ${scope.kind} does not exist`);
}

// --- row ↔ domain -------------------------------------------------------------------

function toSecret(row: typeof workflowSecrets.$inferSelect): SealedSecret {
  return {
    id: row.id,
    repoId: row.repoId,
    orgId: row.orgId,
    name: row.name,
    ciphertext: row.ciphertext,
    nonce: row.nonce,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
