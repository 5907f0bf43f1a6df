import type { ScopedPolicy, SitePolicy } from '../../ports/model/forge.js';
import { INHERIT_POLICY } from '../../ports/model/forge.js';
import type { PolicyStore } from '../../ports/policy-store.js';
import type { MemoryState } from './state.js';

/** Keeps only the keys a caller actually set, so `undefined` never overwrites a value. */
function definedOnly<T extends object>(patch: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** In-memory Actions policy (the site row starts as DEFAULT_SITE_POLICY in MemoryState). */
export class MemoryPolicyStore implements PolicyStore {
  constructor(private readonly state: MemoryState) {}

  async getSitePolicy(): Promise<SitePolicy> {
    return { ...this.state.tables.sitePolicy };
  }

  updateSitePolicy(patch: Partial<SitePolicy>): Promise<SitePolicy> {
    return this.state.transaction((tables) => {
      tables.sitePolicy = { ...tables.sitePolicy, ...definedOnly(patch) };
      tables.sitePolicyWritten = true;
      return { ...tables.sitePolicy };
    });
  }

  seedSitePolicy(initial: SitePolicy): Promise<SitePolicy> {
    return this.state.transaction((tables) => {
      if (!tables.sitePolicyWritten) tables.sitePolicy = { ...initial };
      tables.sitePolicyWritten = true;
      return { ...tables.sitePolicy };
    });
  }

  async getOrgPolicy(orgId: number): Promise<ScopedPolicy> {
    return { ...(this.state.tables.orgPolicies.get(orgId) ?? INHERIT_POLICY) };
  }

  updateOrgPolicy(orgId: number, patch: Partial<ScopedPolicy>, _at: Date): Promise<ScopedPolicy> {
    return this.state.transaction((tables) => {
      if (!tables.organizations.has(orgId)) throw new Error(`organization ${orgId} does not exist`);
      const next = { ...(tables.orgPolicies.get(orgId) ?? INHERIT_POLICY), ...definedOnly(patch) };
      tables.orgPolicies.set(orgId, next);
      return { ...next };
    });
  }

  async getRepoPolicy(repoId: number): Promise<ScopedPolicy> {
    return { ...(this.state.tables.repoPolicies.get(repoId) ?? INHERIT_POLICY) };
  }

  updateRepoPolicy(repoId: number, patch: Partial<ScopedPolicy>, _at: Date): Promise<ScopedPolicy> {
    return this.state.transaction((tables) => {
      if (!tables.repos.has(repoId)) throw new Error(`repository ${repoId} does not exist`);
      const next = { ...(tables.repoPolicies.get(repoId) ?? INHERIT_POLICY), ...definedOnly(patch) };
      tables.repoPolicies.set(repoId, next);
      return { ...next };
    });
  }
}
