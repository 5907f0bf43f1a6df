/** Forge entities (SPEC §4): users, organisations, repositories, access, PATs, secrets, policy. */

export interface User {
  id: number;
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
  createdAt: Date;
}

export interface Organization {
  id: number;
  name: string;
  createdAt: Date;
}

export interface Repo {
  id: number;
  /** Exactly one of ownerUserId / ownerOrgId is set. */
  ownerUserId: number | null;
  ownerOrgId: number | null;
  /** The owner's name as it appears in URLs (`<ownerName>/<name>`). */
  ownerName: string;
  name: string;
  isPrivate: boolean;
  defaultBranch: string;
  forkOfRepoId: number | null;
  createdAt: Date;
}

export type RepoRole = 'read' | 'write' | 'admin';

export interface Collaborator {
  repoId: number;
  userId: number;
  role: RepoRole;
  createdAt: Date;
}

export type PatScope = 'repo:read' | 'repo:write' | 'admin';

export interface PersonalAccessToken {
  id: number;
  userId: number;
  name: string;
  /** SHA-256 of the token text (UTF-8, `shp_` prefix included); the token itself is never stored. */
  tokenHash: Uint8Array;
  scopes: PatScope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** A secret as stored: sealed, never plaintext. Exactly one of repoId / orgId is set. */
export interface SealedSecret {
  id: number;
  repoId: number | null;
  orgId: number | null;
  name: string;
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  createdAt: Date;
  updatedAt: Date;
}

export type PolicyState = 'inherit' | 'enabled' | 'disabled';

export interface SitePolicy {
  actionsEnabled: boolean;
  requirePrApproval: boolean;
  maxRepoQueuedRuns: number;
  maxRepoConcurrentJobs: number;
  maxOwnerConcurrentJobs: number;
  actorTriggerLimitPerHour: number;
}

/** Org or repo policy: null fields inherit from the next scope up. */
export interface ScopedPolicy {
  actionsEnabled: PolicyState;
  requirePrApproval: boolean | null;
  maxRepoQueuedRuns: number | null;
  maxRepoConcurrentJobs: number | null;
  maxOwnerConcurrentJobs: number | null;
  actorTriggerLimitPerHour: number | null;
}

/**
 * The default concurrent-job caps, defined once: the site policy's defaults, the server
 * config's (`actions.max_repo_concurrent_jobs` / `max_owner_concurrent_jobs`), the
 * `actions_site_policy` column defaults and the claim's fallback without a site row.
 */
export const DEFAULT_CONCURRENCY_CAPS: Readonly<
  Pick<SitePolicy, 'maxRepoConcurrentJobs' | 'maxOwnerConcurrentJobs'>
> = {
  maxRepoConcurrentJobs: 20,
  maxOwnerConcurrentJobs: 100,
};

export const DEFAULT_SITE_POLICY: SitePolicy = {
  actionsEnabled: true,
  requirePrApproval: true,
  maxRepoQueuedRuns: 50,
  ...DEFAULT_CONCURRENCY_CAPS,
  actorTriggerLimitPerHour: 120,
};

export const INHERIT_POLICY: ScopedPolicy = {
  actionsEnabled: 'inherit',
  requirePrApproval: null,
  maxRepoQueuedRuns: null,
  maxRepoConcurrentJobs: null,
  maxOwnerConcurrentJobs: null,
  actorTriggerLimitPerHour: null,
};
