import { describe, expect, it } from 'vitest';
import { effectiveActionsEnabled, effectiveLimits } from '../../../src/domain/forge/policy-rules.js';
import {
  DEFAULT_SITE_POLICY,
  INHERIT_POLICY,
  type PolicyState,
  type ScopedPolicy,
} from '../../../src/ports/model/forge.js';

const site = (actionsEnabled: boolean) => ({ ...DEFAULT_SITE_POLICY, actionsEnabled });
const scoped = (state: PolicyState | null): ScopedPolicy | null =>
  state === null ? null : { ...INHERIT_POLICY, actionsEnabled: state };

describe('effectiveActionsEnabled', () => {
  it.each<[string, boolean, PolicyState | null, PolicyState | null, boolean]>([
    ['site on, nothing below', true, null, null, true],
    ['site off, nothing below', false, null, null, false],
    ['site on, all inherit', true, 'inherit', 'inherit', true],
    ['site off beats repo enabled', false, 'inherit', 'enabled', false],
    ['site off beats org and repo enabled', false, 'enabled', 'enabled', false],
    ['org disabled, repo inherits', true, 'disabled', 'inherit', false],
    ['org disabled, repo enabled', true, 'disabled', 'enabled', true],
    ['org enabled, repo disabled', true, 'enabled', 'disabled', false],
    ['user-owned repo disabled', true, null, 'disabled', false],
    ['user-owned repo enabled', true, null, 'enabled', true],
    ['org enabled, no repo row', true, 'enabled', null, true],
  ])('%s', (_case, siteOn, org, repo, expected) => {
    expect(effectiveActionsEnabled(site(siteOn), scoped(org), scoped(repo))).toBe(expected);
  });
});

describe('effectiveLimits', () => {
  const { actionsEnabled: _on, ...siteLimits } = DEFAULT_SITE_POLICY;
  const org: ScopedPolicy = { ...INHERIT_POLICY, maxRepoQueuedRuns: 10, requirePrApproval: false };
  const repo: ScopedPolicy = { ...INHERIT_POLICY, maxRepoQueuedRuns: 5, maxOwnerConcurrentJobs: 7 };

  it.each([
    ['only the site', null, null, siteLimits],
    [
      'org over site',
      org,
      null,
      {
        requirePrApproval: false,
        maxRepoQueuedRuns: 10,
        maxRepoConcurrentJobs: 20,
        maxOwnerConcurrentJobs: 100,
        actorTriggerLimitPerHour: 120,
      },
    ],
    [
      'repo over org over site',
      org,
      repo,
      {
        requirePrApproval: false,
        maxRepoQueuedRuns: 5,
        maxRepoConcurrentJobs: 20,
        maxOwnerConcurrentJobs: 7,
        actorTriggerLimitPerHour: 120,
      },
    ],
    [
      'repo over site without an org',
      null,
      { ...INHERIT_POLICY, requirePrApproval: false, actorTriggerLimitPerHour: 1 },
      {
        requirePrApproval: false,
        maxRepoQueuedRuns: 50,
        maxRepoConcurrentJobs: 20,
        maxOwnerConcurrentJobs: 100,
        actorTriggerLimitPerHour: 1,
      },
    ],
  ])('%s', (_case, orgPolicy, repoPolicy, expected) => {
    expect(effectiveLimits(DEFAULT_SITE_POLICY, orgPolicy, repoPolicy)).toEqual(expected);
  });

  it('keeps an explicit false or zero at a lower scope rather than falling through', () => {
    const zero = { ...INHERIT_POLICY, requirePrApproval: false, maxRepoConcurrentJobs: 0 };
    expect(effectiveLimits(DEFAULT_SITE_POLICY, null, zero)).toMatchObject({
      requirePrApproval: false,
      maxRepoConcurrentJobs: 0,
    });
  });
});
