/** Reading and switching the Actions policy at site, organisation and repository scope. */
import type { Clock } from '../../ports/clock.js';
import type { PolicyState, Repo, ScopedPolicy, SitePolicy } from '../../ports/model/forge.js';
import type { PolicyStore } from '../../ports/policy-store.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { invalid } from '../errors.js';
import { quote } from './names.js';
import { getOrganizationByName } from './organization.js';
import { type EffectiveLimits, effectiveActionsEnabled, effectiveLimits } from './policy-rules.js';
import { getRepoByPath } from './repository.js';

/** Where a policy applies, as the operator names it. */
export type PolicyScopeRef = 'site' | { orgName: string } | { repoPath: string };

/** A policy for display: the scope's own state and what is in force there. */
export interface ActionsPolicyView {
  scope: 'site' | 'org' | 'repo';
  /** The scope's own setting (`enabled`/`disabled` at site scope). */
  state: PolicyState;
  /** Whether Actions run at this scope after inheritance. */
  effectiveEnabled: boolean;
  limits: EffectiveLimits;
}

interface PolicyDeps {
  policies: PolicyStore;
  users: UserStore;
  repos: RepoStore;
}

const STATES: readonly string[] = ['enabled', 'disabled', 'inherit'];

/**
 * Switches Actions at one scope. Throws `invalid` `policy.state_invalid` for a state other
 * than enabled|disabled|inherit, or `inherit` at site scope (nothing above it), plus the
 * scope's lookup errors (`org.not_found`, `repo.path_invalid`, `repo.not_found`).
 */
export async function setActionsPolicy(
  deps: PolicyDeps & { clock: Clock },
  input: { scope: PolicyScopeRef; state: string },
): Promise<ActionsPolicyView> {
  const { scope, state } = input;
  if (!STATES.includes(state) || (scope === 'site' && state === 'inherit')) {
    const allowed = scope === 'site' ? 'enabled or disabled' : 'enabled, disabled or inherit';
    throw invalid('policy.state_invalid', `policy state ${quote(state)} is invalid here: use ${allowed}`);
  }
  const actionsEnabled = state as PolicyState;
  if (scope === 'site') {
    await deps.policies.updateSitePolicy({ actionsEnabled: actionsEnabled === 'enabled' });
  } else if ('orgName' in scope) {
    const org = await getOrganizationByName(deps, scope.orgName);
    await deps.policies.updateOrgPolicy(org.id, { actionsEnabled }, deps.clock.now());
  } else {
    const repo = await getRepoByPath(deps, scope.repoPath);
    await deps.policies.updateRepoPolicy(repo.id, { actionsEnabled }, deps.clock.now());
  }
  return getActionsPolicy(deps, scope);
}

/** The policy of one scope with its effective state and limits. Same lookup errors as above. */
export async function getActionsPolicy(deps: PolicyDeps, scope: PolicyScopeRef): Promise<ActionsPolicyView> {
  const site = await deps.policies.getSitePolicy();
  if (scope === 'site') {
    return view('site', site.actionsEnabled ? 'enabled' : 'disabled', site, null, null);
  }
  if ('orgName' in scope) {
    const org = await deps.policies.getOrgPolicy((await getOrganizationByName(deps, scope.orgName)).id);
    return view('org', org.actionsEnabled, site, org, null);
  }
  const repo = await getRepoByPath(deps, scope.repoPath);
  const { org, repo: own } = await loadRepoPolicies(deps, repo);
  return view('repo', own.actionsEnabled, site, org, own);
}

/** The effective Actions switch and limits for a repository (for triggers and claims). */
export async function resolveRepoPolicy(
  deps: { policies: PolicyStore },
  repo: Repo,
): Promise<{ actionsEnabled: boolean; limits: EffectiveLimits }> {
  const site = await deps.policies.getSitePolicy();
  const { org, repo: own } = await loadRepoPolicies(deps, repo);
  return { actionsEnabled: effectiveActionsEnabled(site, org, own), limits: effectiveLimits(site, org, own) };
}

async function loadRepoPolicies(
  deps: { policies: PolicyStore },
  repo: Repo,
): Promise<{ org: ScopedPolicy | null; repo: ScopedPolicy }> {
  const org = repo.ownerOrgId === null ? null : await deps.policies.getOrgPolicy(repo.ownerOrgId);
  return { org, repo: await deps.policies.getRepoPolicy(repo.id) };
}

function view(
  scope: ActionsPolicyView['scope'],
  state: PolicyState,
  site: SitePolicy,
  org: ScopedPolicy | null,
  repo: ScopedPolicy | null,
): ActionsPolicyView {
  return {
    scope,
    state,
    effectiveEnabled: effectiveActionsEnabled(site, org, repo),
    limits: effectiveLimits(site, org, repo),
  };
}
