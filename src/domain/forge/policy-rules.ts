/** How the site, organisation and repository Actions policies combine (SPEC §9.3). Pure. */
import type { ScopedPolicy, SitePolicy } from '../../ports/model/forge.js';

/** The limits in force for one repository. */
export interface EffectiveLimits {
  requirePrApproval: boolean;
  maxRepoQueuedRuns: number;
  maxRepoConcurrentJobs: number;
  maxOwnerConcurrentJobs: number;
  actorTriggerLimitPerHour: number;
}

/**
 * Whether Actions run for a repository: a disabled site always wins; otherwise the
 * repository's explicit state, else the organisation's, else the site's.
 */
export function effectiveActionsEnabled(
  site: SitePolicy,
  org: ScopedPolicy | null,
  repo: ScopedPolicy | null,
): boolean {
  if (!site.actionsEnabled) return false;
  for (const scoped of [repo, org]) {
    if (scoped && scoped.actionsEnabled !== 'inherit') return scoped.actionsEnabled === 'enabled';
  }
  return true;
}

/** Each limit from the nearest scope that sets it: repository, then organisation, then site. */
export function effectiveLimits(
  site: SitePolicy,
  org: ScopedPolicy | null,
  repo: ScopedPolicy | null,
): EffectiveLimits {
  const pick = <K extends keyof EffectiveLimits>(key: K): EffectiveLimits[K] =>
    (repo?.[key] ?? org?.[key] ?? site[key]) as EffectiveLimits[K];
  return {
    requirePrApproval: pick('requirePrApproval'),
    maxRepoQueuedRuns: pick('maxRepoQueuedRuns'),
    maxRepoConcurrentJobs: pick('maxRepoConcurrentJobs'),
    maxOwnerConcurrentJobs: pick('maxOwnerConcurrentJobs'),
    actorTriggerLimitPerHour: pick('actorTriggerLimitPerHour'),
  };
}
