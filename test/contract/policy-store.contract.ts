import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  getActionsPolicy,
  resolveRepoPolicy,
  setActionsPolicy,
} from '../../src/domain/forge/actions-policy.js';
import { DEFAULT_SITE_POLICY, INHERIT_POLICY, type Repo } from '../../src/ports/model/forge.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedRepo } from '../support/forge-stores.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
type State = 'enabled' | 'disabled' | 'inherit';

// site, org, repo → effective (SPEC §9.3: a disabled site wins; else repo, else org, else site).
const INHERITANCE: [State, State, State, boolean][] = [
  ['enabled', 'inherit', 'inherit', true],
  ['disabled', 'inherit', 'inherit', false],
  ['disabled', 'enabled', 'enabled', false],
  ['enabled', 'disabled', 'inherit', false],
  ['enabled', 'disabled', 'enabled', true],
  ['enabled', 'enabled', 'disabled', false],
  ['enabled', 'inherit', 'disabled', false],
];

/** The PolicyStore contract: defaults when unwritten, patches that persist, inheritance end to end. */
export function describePolicyStoreContract(name: string, backend: ForgeBackend): void {
  describe(`PolicyStore contract on ${name}`, () => {
    let s: ForgeStores;
    let repo: Repo;
    let orgId: number;
    let deps: ForgeStores & { clock: FakeClock };
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      const org = await s.users.createOrganization({ name: 'acme', createdAt: AT });
      if (org === 'name_taken') throw new Error('unreachable');
      orgId = org.id;
      repo = await seedRepo(s, { kind: 'org', ...org }, 'tools');
      deps = { ...s, clock: new FakeClock() };
    });
    afterAll(() => backend.teardown());

    it('reads defaults for scopes never written', async () => {
      expect(await s.policies.getSitePolicy()).toEqual(DEFAULT_SITE_POLICY);
      expect(await s.policies.getOrgPolicy(orgId)).toEqual(INHERIT_POLICY);
      expect(await s.policies.getRepoPolicy(repo.id)).toEqual(INHERIT_POLICY);
    });

    it('applies a site patch over the defaults and keeps unpatched fields', async () => {
      await s.policies.updateSitePolicy({ maxRepoQueuedRuns: 7 });
      const after = await s.policies.updateSitePolicy({
        actionsEnabled: false,
        requirePrApproval: undefined,
      });
      expect(after).toEqual({ ...DEFAULT_SITE_POLICY, maxRepoQueuedRuns: 7, actionsEnabled: false });
      expect(await s.policies.getSitePolicy()).toEqual(after);
      expect(await s.policies.updateSitePolicy({})).toEqual(after);
    });

    it('seeds the site policy only while none was written', async () => {
      const seeded = { ...DEFAULT_SITE_POLICY, actionsEnabled: false, maxRepoConcurrentJobs: 3 };
      expect(await s.policies.seedSitePolicy(seeded)).toEqual(seeded);
      expect(await s.policies.seedSitePolicy(DEFAULT_SITE_POLICY)).toEqual(seeded);
      await s.policies.updateSitePolicy({ actionsEnabled: true });
      expect(await s.policies.seedSitePolicy(seeded)).toEqual({ ...seeded, actionsEnabled: true });
    });

    it('applies org and repository patches, null meaning inherit', async () => {
      await s.policies.updateOrgPolicy(orgId, { actionsEnabled: 'disabled', maxRepoConcurrentJobs: 3 }, AT);
      const org = await s.policies.updateOrgPolicy(orgId, { maxRepoConcurrentJobs: null }, AT);
      expect(org).toEqual({ ...INHERIT_POLICY, actionsEnabled: 'disabled' });
      await s.policies.updateRepoPolicy(repo.id, { requirePrApproval: false }, AT);
      expect(await s.policies.getRepoPolicy(repo.id)).toEqual({
        ...INHERIT_POLICY,
        requirePrApproval: false,
      });
      expect(await s.policies.getOrgPolicy(orgId)).toEqual(org);
    });

    it.each(INHERITANCE)(
      'site %s, org %s, repo %s → Actions enabled: %s',
      async (site, org, own, expected) => {
        await setActionsPolicy(deps, { scope: 'site', state: site });
        await setActionsPolicy(deps, { scope: { orgName: 'acme' }, state: org });
        const view = await setActionsPolicy(deps, { scope: { repoPath: 'acme/tools' }, state: own });
        expect(view).toMatchObject({ scope: 'repo', state: own, effectiveEnabled: expected });
        expect((await resolveRepoPolicy(deps, repo)).actionsEnabled).toBe(expected);
      },
    );

    it('domain: bad policy input changes nothing', async () => {
      await setActionsPolicy(deps, { scope: { repoPath: 'acme/tools' }, state: 'disabled' });
      const attempts = [
        { scope: 'site' as const, state: 'inherit', code: 'policy.state_invalid' },
        { scope: { repoPath: 'acme/tools' }, state: 'off', code: 'policy.state_invalid' },
        { scope: { orgName: 'ghost' }, state: 'enabled', code: 'org.not_found' },
        { scope: { repoPath: 'acme/ghost' }, state: 'enabled', code: 'repo.not_found' },
      ];
      for (const { code, ...input } of attempts) {
        await expect(setActionsPolicy(deps, input)).rejects.toMatchObject({ code });
      }
      expect(await getActionsPolicy(deps, 'site')).toMatchObject({
        state: 'enabled',
        effectiveEnabled: true,
      });
      expect(await s.policies.getRepoPolicy(repo.id)).toEqual({
        ...INHERIT_POLICY,
        actionsEnabled: 'disabled',
      });
      expect(await s.policies.getOrgPolicy(orgId)).toEqual(INHERIT_POLICY);
    });
  });
}
