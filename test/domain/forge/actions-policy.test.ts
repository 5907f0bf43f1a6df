import { beforeEach, describe, expect, it } from 'vitest';
import {
  getActionsPolicy,
  resolveRepoPolicy,
  setActionsPolicy,
} from '../../../src/domain/forge/actions-policy.js';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import { DEFAULT_SITE_POLICY } from '../../../src/ports/model/forge.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

const { actionsEnabled: _on, ...DEFAULT_LIMITS } = DEFAULT_SITE_POLICY;

describe('Actions policy', () => {
  let w: ForgeWorld;
  beforeEach(async () => {
    w = makeForgeWorld();
    await createUser(w, { name: 'alice' });
    await createOrganization(w, { name: 'acme' });
    await createRepo(w, { ownerName: 'acme', name: 'app' });
  });

  it('shows every scope enabled by default, with the site limits', async () => {
    expect(await getActionsPolicy(w, 'site')).toEqual({
      scope: 'site',
      state: 'enabled',
      effectiveEnabled: true,
      limits: DEFAULT_LIMITS,
    });
    expect(await getActionsPolicy(w, { orgName: 'acme' })).toMatchObject({
      state: 'inherit',
      effectiveEnabled: true,
    });
    expect(await getActionsPolicy(w, { repoPath: 'acme/app' })).toMatchObject({
      state: 'inherit',
      effectiveEnabled: true,
    });
  });

  it('disables an organisation and lets a repository opt back in', async () => {
    expect(await setActionsPolicy(w, { scope: { orgName: 'ACME' }, state: 'disabled' })).toMatchObject({
      scope: 'org',
      state: 'disabled',
      effectiveEnabled: false,
    });
    expect(await getActionsPolicy(w, { repoPath: 'acme/app' })).toMatchObject({ effectiveEnabled: false });
    await setActionsPolicy(w, { scope: { repoPath: 'acme/app' }, state: 'enabled' });
    const repo = [...w.state.tables.repos.values()][0];
    if (!repo) throw new Error('no repo');
    expect(await resolveRepoPolicy(w, repo)).toEqual({ actionsEnabled: true, limits: DEFAULT_LIMITS });
  });

  it('a disabled site wins over everything', async () => {
    await setActionsPolicy(w, { scope: { repoPath: 'acme/app' }, state: 'enabled' });
    await setActionsPolicy(w, { scope: 'site', state: 'disabled' });
    expect(await getActionsPolicy(w, { repoPath: 'acme/app' })).toMatchObject({
      state: 'enabled',
      effectiveEnabled: false,
    });
  });

  it.each([
    [
      'inherit at site scope',
      'site' as const,
      'inherit',
      'policy state "inherit" is invalid here: use enabled or disabled',
    ],
    [
      'an unknown state',
      { orgName: 'acme' },
      'on',
      'policy state "on" is invalid here: use enabled, disabled or inherit',
    ],
  ])('rejects %s and changes nothing', async (_case, scope, state, message) => {
    const before = structuredClone(w.state.tables);
    await expect(setActionsPolicy(w, { scope, state })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'policy.state_invalid',
      message,
    });
    expect(w.state.tables).toEqual(before);
  });

  it('names a missing organisation or repository', async () => {
    await expect(
      setActionsPolicy(w, { scope: { orgName: 'ghost' }, state: 'enabled' }),
    ).rejects.toMatchObject({
      code: 'org.not_found',
    });
    await expect(getActionsPolicy(w, { repoPath: 'acme/ghost' })).rejects.toMatchObject({
      code: 'repo.not_found',
    });
  });
});
