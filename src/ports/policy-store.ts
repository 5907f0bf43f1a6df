import type { ScopedPolicy, SitePolicy } from './model/forge.js';

/** The Actions policy at site, organisation and repository scope (SPEC §9.3). */
export interface PolicyStore {
  /** The site policy; `DEFAULT_SITE_POLICY` while it was never written. */
  getSitePolicy(): Promise<SitePolicy>;
  /**
   * Atomically applies `patch` to the site policy (creating the row from
   * `DEFAULT_SITE_POLICY` first if needed) and returns the result. Idempotent.
   */
  updateSitePolicy(patch: Partial<SitePolicy>): Promise<SitePolicy>;
  /**
   * Stores `initial` as the site policy only when none was ever written (a new database:
   * configuration seeds it); returns the policy in force. Idempotent, race-free.
   */
  seedSitePolicy(initial: SitePolicy): Promise<SitePolicy>;
  /** The organisation's policy; `INHERIT_POLICY` while it was never written. */
  getOrgPolicy(orgId: number): Promise<ScopedPolicy>;
  /** Atomically applies `patch` (null fields inherit) to the organisation's policy. Idempotent. */
  updateOrgPolicy(orgId: number, patch: Partial<ScopedPolicy>, at: Date): Promise<ScopedPolicy>;
  /** The repository's policy; `INHERIT_POLICY` while it was never written. */
  getRepoPolicy(repoId: number): Promise<ScopedPolicy>;
  /** Atomically applies `patch` (null fields inherit) to the repository's policy. Idempotent. */
  updateRepoPolicy(repoId: number, patch: Partial<ScopedPolicy>, at: Date): Promise<ScopedPolicy>;
}
