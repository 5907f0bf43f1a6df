import { eq, sql } from 'drizzle-orm';
import type { Organization, User } from '../../ports/model/forge.js';
import type { NewOrganization, NewUser, Owner, UserStore } from '../../ports/user-store.js';
import type { Db } from './database.js';
import { organizations, users } from './schema.js';

/**
 * Users and organisations live in two tables but share one owner namespace. Each table's
 * `lower(name)` index guards itself; across the two, writers serialise on this
 * transaction-scoped advisory lock before checking both tables.
 */
const lockOwnerNamespace = sql`SELECT pg_advisory_xact_lock(hashtext('shithub:owner-namespace'))`;
const nameIs = (column: typeof users.name | typeof organizations.name, name: string) =>
  sql`lower(${column}) = lower(${name})`;

/** Users and organisations on PostgreSQL / PGlite. */
export class PgUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  createUser(input: NewUser): Promise<User | 'name_taken'> {
    return this.db.transaction(async (tx) => {
      await tx.execute(lockOwnerNamespace);
      if (await ownerExists(tx, input.name)) return 'name_taken';
      const [row] = await tx.insert(users).values(input).onConflictDoNothing().returning();
      return row ? toUser(row) : 'name_taken';
    });
  }

  createOrganization(input: NewOrganization): Promise<Organization | 'name_taken'> {
    return this.db.transaction(async (tx) => {
      await tx.execute(lockOwnerNamespace);
      if (await ownerExists(tx, input.name)) return 'name_taken';
      const [row] = await tx.insert(organizations).values(input).onConflictDoNothing().returning();
      return row ? toOrganization(row) : 'name_taken';
    });
  }

  async getUserByName(name: string): Promise<User | undefined> {
    const [row] = await this.db.select().from(users).where(nameIs(users.name, name));
    return row && toUser(row);
  }

  async getUserById(id: number): Promise<User | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row && toUser(row);
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<User | undefined> {
    const [row] = await this.db.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning();
    return row && toUser(row);
  }

  async getOrganizationByName(name: string): Promise<Organization | undefined> {
    const [row] = await this.db.select().from(organizations).where(nameIs(organizations.name, name));
    return row && toOrganization(row);
  }

  async getOrganizationById(id: number): Promise<Organization | undefined> {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.id, id));
    return row && toOrganization(row);
  }

  async findOwner(name: string): Promise<Owner | undefined> {
    const user = await this.getUserByName(name);
    if (user) return { kind: 'user', user };
    const org = await this.getOrganizationByName(name);
    return org ? { kind: 'org', org } : undefined;
  }
}

async function ownerExists(tx: Db, name: string): Promise<boolean> {
  const [user] = await tx.select({ id: users.id }).from(users).where(nameIs(users.name, name));
  if (user) return true;
  const [org] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(nameIs(organizations.name, name));
  return org !== undefined;
}

// --- row ↔ domain -------------------------------------------------------------------

function toUser(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.passwordHash,
    isAdmin: row.isAdmin,
    createdAt: row.createdAt,
  };
}

function toOrganization(row: typeof organizations.$inferSelect): Organization {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}
