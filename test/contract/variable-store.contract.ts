import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listVariables, resolveVariables, setVariable } from '../../src/domain/forge/variables.js';
import type { Organization, Repo } from '../../src/ports/model/forge.js';
import type { SecretScope } from '../../src/ports/secret-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedRepo, seedUser } from '../support/forge-stores.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
const LATER = new Date('2026-02-04T00:00:00.000Z');

/** The VariableStore contract: case-insensitive upsert per scope, plain values. */
export function describeVariableStoreContract(name: string, backend: ForgeBackend): void {
  describe(`VariableStore contract on ${name}`, () => {
    let s: ForgeStores;
    let repo: Repo;
    let org: Organization;
    let orgRepo: Repo;
    let repoScope: SecretScope;
    let orgScope: SecretScope;
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      const alice = await seedUser(s, 'alice');
      repo = await seedRepo(s, { kind: 'user', ...alice }, 'tools');
      const created = await s.users.createOrganization({ name: 'acme', createdAt: AT });
      if (created === 'name_taken') throw new Error('unreachable');
      org = created;
      orgRepo = await seedRepo(s, { kind: 'org', ...org }, 'app');
      repoScope = { kind: 'repo', repoId: repo.id };
      orgScope = { kind: 'org', orgId: org.id };
    });
    afterAll(() => backend.teardown());

    it('creates a variable, then replaces it when the name differs only in case', async () => {
      const first = await s.variables.upsertVariable(repoScope, { name: 'region', value: 'eu', at: AT });
      expect(first).toEqual({
        created: true,
        variable: {
          id: expect.any(Number),
          repoId: repo.id,
          orgId: null,
          name: 'region',
          value: 'eu',
          createdAt: AT,
          updatedAt: AT,
        },
      });
      const second = await s.variables.upsertVariable(repoScope, { name: 'REGION', value: 'us', at: LATER });
      expect(second).toMatchObject({
        created: false,
        variable: { name: 'REGION', value: 'us', createdAt: AT, updatedAt: LATER },
      });
      expect(await s.variables.listVariables(repoScope)).toEqual([second.variable]);
    });

    it('lists by lower-cased name, keeps scopes apart and deletes by name in any case', async () => {
      for (const n of ['b_two', 'A_ONE', 'c'])
        await s.variables.upsertVariable(repoScope, { name: n, value: 'v', at: AT });
      await s.variables.upsertVariable(orgScope, { name: 'c', value: 'org', at: AT });
      expect((await s.variables.listVariables(repoScope)).map((v) => v.name)).toEqual([
        'A_ONE',
        'b_two',
        'c',
      ]);
      expect(await s.variables.deleteVariable(repoScope, 'B_TWO')).toBe(true);
      expect(await s.variables.deleteVariable(repoScope, 'b_two')).toBe(false);
      expect((await s.variables.listVariables(orgScope)).map((v) => [v.name, v.value])).toEqual([
        ['c', 'org'],
      ]);
    });

    it('leaves one row when writers of one name race', async () => {
      await Promise.all(
        ['race', 'RACE', 'Race'].map((n, i) =>
          s.variables.upsertVariable(repoScope, { name: n, value: String(i), at: AT }),
        ),
      );
      expect(await s.variables.listVariables(repoScope)).toHaveLength(1);
    });

    it('domain: gives a repository the organisation’s variables under its own, names matched in any case', async () => {
      const deps = { ...s, clock: new FakeClock() };
      await setVariable(deps, { orgName: 'acme', name: 'REGION', value: 'eu' });
      await setVariable(deps, { orgName: 'acme', name: 'TIER', value: 'gold' });
      await setVariable(deps, { repoPath: 'acme/app', name: 'region', value: 'us' });
      expect(await resolveVariables(s, orgRepo)).toEqual({ TIER: 'gold', region: 'us' });
      expect(await resolveVariables(s, repo)).toEqual({});
    });

    it('domain: refuses bad names and values, storing nothing', async () => {
      const deps = { ...s, clock: new FakeClock() };
      const attempts = [
        { name: 'GITHUB_X', value: 'x', code: 'variable.name_invalid' },
        { name: '1ABC', value: 'x', code: 'variable.name_invalid' },
        { name: 'OK', value: '', code: 'variable.value_invalid' },
        { name: 'OK', value: 'a\u0000b', code: 'variable.value_invalid' },
        { name: 'OK', value: 'x'.repeat(48 * 1024 + 1), code: 'variable.value_invalid' },
      ];
      for (const { code, ...input } of attempts) {
        await expect(setVariable(deps, { repoPath: 'alice/tools', ...input })).rejects.toMatchObject({
          code,
        });
      }
      expect(await listVariables(s, { repoPath: 'alice/tools' })).toEqual([]);
    });
  });
}
