/** The effective Actions policy of a repository (SPEC §9.3, facts §3.2). */
import type { PolicyChain } from '../../ports/model/queue.js';

/**
 * True when Actions may run for the repository: the site switch off always wins; else the
 * repo's enabled/disabled, else the org's, else the site's flag.
 */
export function isActionsEnabled(policy: PolicyChain): boolean {
  if (!policy.site.actionsEnabled) return false;
  for (const scoped of [policy.repo, policy.org]) {
    if (scoped?.actionsEnabled === 'enabled') return true;
    if (scoped?.actionsEnabled === 'disabled') return false;
  }
  return policy.site.actionsEnabled;
}

/** How many jobs of one repository may run at once: the nearest scope that sets it. */
export function maxRepoConcurrentJobs(policy: PolicyChain): number {
  return (
    policy.repo?.maxRepoConcurrentJobs ??
    policy.org?.maxRepoConcurrentJobs ??
    policy.site.maxRepoConcurrentJobs
  );
}

/** How many jobs across one owner's repositories may run at once. */
export function maxOwnerConcurrentJobs(policy: PolicyChain): number {
  return (
    policy.repo?.maxOwnerConcurrentJobs ??
    policy.org?.maxOwnerConcurrentJobs ??
    policy.site.maxOwnerConcurrentJobs
  );
}
