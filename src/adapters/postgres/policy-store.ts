import { eq } from 'drizzle-orm';
import type { ScopedPolicy, SitePolicy } from '../../ports/model/forge.js';
import { DEFAULT_SITE_POLICY, INHERIT_POLICY } from '../../ports/model/forge.js';
import type { PolicyStore } from '../../ports/policy-store.js';
import type { Db } from './database.js';
import { actionsOrgPolicies, actionsRepoPolicies, actionsSitePolicy } from './schema.js';

/** Keeps only the keys a caller actually set, so `undefined` never overwrites a value. */
function definedOnly<T extends object>(patch: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The Actions policy on PostgreSQL / PGlite; the site row is created on first write. */
export class PgPolicyStore implements PolicyStore {
  constructor(private readonly db: Db) {}

  async getSitePolicy(): Promise<SitePolicy> {
    const [row] = await this.db.select().from(actionsSitePolicy).where(eq(actionsSitePolicy.id, true));
    return row ? toSitePolicy(row) : { ...DEFAULT_SITE_POLICY };
  }

  async updateSitePolicy(patch: Partial<SitePolicy>): Promise<SitePolicy> {
    const set = definedOnly(patch);
    const insert = this.db.insert(actionsSitePolicy).values({ id: true, ...DEFAULT_SITE_POLICY, ...set });
    const [row] = await (Object.keys(set).length === 0
      ? insert.onConflictDoNothing().returning()
      : insert.onConflictDoUpdate({ target: actionsSitePolicy.id, set }).returning());
    return row ? toSitePolicy(row) : this.getSitePolicy();
  }

  async seedSitePolicy(initial: SitePolicy): Promise<SitePolicy> {
    await this.db
      .insert(actionsSitePolicy)
      .values({ id: true, ...initial })
      .onConflictDoNothing();
    return this.getSitePolicy();
  }

  async getOrgPolicy(orgId: number): Promise<ScopedPolicy> {
    const [row] = await this.db.select().from(actionsOrgPolicies).where(eq(actionsOrgPolicies.orgId, orgId));
    return row ? toScopedPolicy(row) : { ...INHERIT_POLICY };
  }

  async updateOrgPolicy(orgId: number, patch: Partial<ScopedPolicy>, at: Date): Promise<ScopedPolicy> {
    const set = { ...definedOnly(patch), updatedAt: at };
    const [row] = await this.db
      .insert(actionsOrgPolicies)
      .values({ ...INHERIT_POLICY, ...set, orgId })
      .onConflictDoUpdate({ target: actionsOrgPolicies.orgId, set })
      .returning();
    if (!row) throw new Error('organization policy upsert returned no row');
    return toScopedPolicy(row);
  }

  async getRepoPolicy(repoId: number): Promise<ScopedPolicy> {
    const [row] = await this.db
      .select()
      .from(actionsRepoPolicies)
      .where(eq(actionsRepoPolicies.repoId, repoId));
    return row ? toScopedPolicy(row) : { ...INHERIT_POLICY };
  }

  async updateRepoPolicy(repoId: number, patch: Partial<ScopedPolicy>, at: Date): Promise<ScopedPolicy> {
    const set = { ...definedOnly(patch), updatedAt: at };
    const [row] = await this.db
      .insert(actionsRepoPolicies)
      .values({ ...INHERIT_POLICY, ...set, repoId })
      .onConflictDoUpdate({ target: actionsRepoPolicies.repoId, set })
      .returning();
    if (!row) throw new Error('repository policy upsert returned no row');
    return toScopedPolicy(row);
  }
}

// --- row ↔ domain -------------------------------------------------------------------

function toSitePolicy(row: typeof actionsSitePolicy.$inferSelect): SitePolicy {
  return {
    actionsEnabled: row.actionsEnabled,
    requirePrApproval: row.requirePrApproval,
    maxRepoQueuedRuns: row.maxRepoQueuedRuns,
    maxRepoConcurrentJobs: row.maxRepoConcurrentJobs,
    maxOwnerConcurrentJobs: row.maxOwnerConcurrentJobs,
    actorTriggerLimitPerHour: row.actorTriggerLimitPerHour,
  };
}

function toPolicyState(state: string): ScopedPolicy['actionsEnabled'] {
  if (state === 'inherit' || state === 'enabled' || state === 'disabled') return state;
  throw new Error(`unexpected actions policy state in database: ${state}`);
}

function toScopedPolicy(
  row:
    | Omit<typeof actionsOrgPolicies.$inferSelect, 'orgId'>
    | Omit<typeof actionsRepoPolicies.$inferSelect, 'repoId'>,
): ScopedPolicy {
  return {
    actionsEnabled: toPolicyState(row.actionsEnabled),
    requirePrApproval: row.requirePrApproval,
    maxRepoQueuedRuns: row.maxRepoQueuedRuns,
    maxRepoConcurrentJobs: row.maxRepoConcurrentJobs,
    maxOwnerConcurrentJobs: row.maxOwnerConcurrentJobs,
    actorTriggerLimitPerHour: row.actorTriggerLimitPerHour,
  };
}
