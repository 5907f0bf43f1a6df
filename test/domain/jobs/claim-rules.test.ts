import { describe, expect, it } from 'vitest';
import {
  isActionsEnabled,
  maxOwnerConcurrentJobs,
  maxRepoConcurrentJobs,
} from '../../../src/domain/jobs/actions-policy.js';
import { formatRunsOn, matchesLabels } from '../../../src/domain/jobs/labels.js';
import { isRunApproved, isRunDispatchable } from '../../../src/domain/jobs/run-approval.js';
import { DEFAULT_SITE_POLICY, INHERIT_POLICY, type PolicyState } from '../../../src/ports/model/forge.js';
import type { PolicyChain } from '../../../src/ports/model/queue.js';
import type { RunStatus } from '../../../src/ports/model/run.js';

const chain = (site: boolean, org: PolicyState | null, repo: PolicyState | null): PolicyChain => ({
  site: { ...DEFAULT_SITE_POLICY, actionsEnabled: site },
  org: org === null ? null : { ...INHERIT_POLICY, actionsEnabled: org },
  repo: repo === null ? null : { ...INHERIT_POLICY, actionsEnabled: repo },
});

describe('claim rules', () => {
  it.each([
    ['no labels requested, runner with none', [], [], true],
    ['no labels requested, any runner', [], ['linux'], true],
    ['one label the runner has', ['ubuntu-latest'], ['self-hosted', 'ubuntu-latest'], true],
    ['one label the runner lacks', ['windows-latest'], ['self-hosted', 'ubuntu-latest'], false],
    ['two labels, runner has both in another order', ['linux', 'gpu'], ['gpu', 'x64', 'linux'], true],
    ['two labels, runner has one', ['linux', 'gpu'], ['linux'], false],
    ['labels compare exactly', ['Linux'], ['linux'], false],
  ])('label match: %s → %s', (_name, runsOn, labels, expected) => {
    expect(matchesLabels(runsOn, labels)).toBe(expected);
  });

  it.each([
    [[], '(none)'],
    [['linux'], 'linux'],
    [['linux', 'gpu'], 'linux,gpu'],
  ])('formats %o as %s', (runsOn, expected) => {
    expect(formatRunsOn(runsOn)).toBe(expected);
  });

  it.each([
    ['site off wins over repo enabled', chain(false, 'enabled', 'enabled'), false],
    ['repo enabled wins over org disabled', chain(true, 'disabled', 'enabled'), true],
    ['repo disabled wins over org enabled', chain(true, 'enabled', 'disabled'), false],
    ['org disabled applies to an inheriting repo', chain(true, 'disabled', 'inherit'), false],
    ['org disabled applies to a repo without policy', chain(true, 'disabled', null), false],
    ['everything inherits the site flag', chain(true, 'inherit', 'inherit'), true],
    ['no org or repo rows inherit the site flag', chain(true, null, null), true],
  ])('Actions enabled: %s → %s', (_name, policy, expected) => {
    expect(isActionsEnabled(policy)).toBe(expected);
  });

  it('takes each cap from the nearest scope that sets it', () => {
    const policy = chain(true, null, null);
    expect([maxRepoConcurrentJobs(policy), maxOwnerConcurrentJobs(policy)]).toEqual([20, 100]);
    policy.org = { ...INHERIT_POLICY, maxRepoConcurrentJobs: 5, maxOwnerConcurrentJobs: 9 };
    policy.repo = { ...INHERIT_POLICY, maxRepoConcurrentJobs: 2 };
    expect([maxRepoConcurrentJobs(policy), maxOwnerConcurrentJobs(policy)]).toEqual([2, 9]);
  });

  it.each([
    ['needs no approval', false, null, true],
    ['awaits approval', true, null, false],
    ['was approved', true, 7, true],
  ])('a run that %s is approved: %s', (_name, needApproval, approvedByUserId, expected) => {
    expect(isRunApproved({ needApproval, approvedByUserId })).toBe(expected);
  });

  it.each([
    ['queued', true],
    ['running', true],
    ['completed', false],
    ['cancelled', false],
  ] as const)('an approved %s run is dispatchable: %s', (status: RunStatus, expected) => {
    expect(isRunDispatchable({ status, needApproval: false, approvedByUserId: null })).toBe(expected);
  });
});
