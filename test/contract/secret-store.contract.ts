import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmSecretBox } from '../../src/adapters/system/secret-box.js';
import { setSecret } from '../../src/domain/forge/secrets.js';
import type { Organization, Repo } from '../../src/ports/model/forge.js';
import type { SecretScope, SecretWrite } from '../../src/ports/secret-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { type ForgeBackend, type ForgeStores, seedRepo, seedUser } from '../support/forge-stores.js';

const AT = new Date('2026-02-03T04:05:06.000Z');
const LATER = new Date('2026-02-04T00:00:00.000Z');
const bytes = (...values: number[]) => new Uint8Array(values);
const write = (name: string, fill: number, at = AT): SecretWrite => ({
  name,
  ciphertext: bytes(fill, fill, fill),
  nonce: new Uint8Array(12).fill(fill),
  at,
});

/** The SecretStore contract: case-insensitive upsert per scope, sealed values only. */
export function describeSecretStoreContract(name: string, backend: ForgeBackend): void {
  describe(`SecretStore contract on ${name}`, () => {
    let s: ForgeStores;
    let repo: Repo;
    let other: Repo;
    let org: Organization;
    let repoScope: SecretScope;
    let orgScope: SecretScope;
    beforeAll(() => backend.setup());
    beforeEach(async () => {
      s = await backend.fresh();
      const alice = await seedUser(s, 'alice');
      repo = await seedRepo(s, { kind: 'user', ...alice }, 'tools');
      other = await seedRepo(s, { kind: 'user', ...alice }, 'other');
      const created = await s.users.createOrganization({ name: 'acme', createdAt: AT });
      if (created === 'name_taken') throw new Error('unreachable');
      org = created;
      repoScope = { kind: 'repo', repoId: repo.id };
      orgScope = { kind: 'org', orgId: org.id };
    });
    afterAll(() => backend.teardown());

    it('stores a sealed secret in its scope', async () => {
      const stored = await s.secrets.upsertSecret(repoScope, write('TOKEN', 1));
      expect(stored).toEqual({
        id: expect.any(Number),
        repoId: repo.id,
        orgId: null,
        name: 'TOKEN',
        ciphertext: bytes(1, 1, 1),
        nonce: new Uint8Array(12).fill(1),
        createdAt: AT,
        updatedAt: AT,
      });
      expect(await s.secrets.listSecrets(repoScope)).toEqual([stored]);
    });

    it('replaces a secret whose name differs only in case: one row, new spelling, first creation time', async () => {
      await s.secrets.upsertSecret(repoScope, write('token', 1));
      const replaced = await s.secrets.upsertSecret(repoScope, write('TOKEN', 2, LATER));
      expect(replaced).toMatchObject({
        name: 'TOKEN',
        ciphertext: bytes(2, 2, 2),
        createdAt: AT,
        updatedAt: LATER,
      });
      expect(await s.secrets.listSecrets(repoScope)).toEqual([replaced]);
    });

    it('keeps scopes apart: repositories and organisations each have their own names', async () => {
      await s.secrets.upsertSecret(repoScope, write('TOKEN', 1));
      await s.secrets.upsertSecret({ kind: 'repo', repoId: other.id }, write('TOKEN', 2));
      await s.secrets.upsertSecret(orgScope, write('token', 3));
      expect((await s.secrets.listSecrets(repoScope)).map((x) => x.ciphertext)).toEqual([bytes(1, 1, 1)]);
      expect((await s.secrets.listSecrets(orgScope)).map((x) => [x.name, x.orgId, x.repoId])).toEqual([
        ['token', org.id, null],
      ]);
    });

    it('lists by lower-cased name and deletes by name in any case', async () => {
      for (const n of ['b_two', 'A_ONE', 'c', '_Z']) await s.secrets.upsertSecret(repoScope, write(n, 1));
      expect((await s.secrets.listSecrets(repoScope)).map((x) => x.name)).toEqual([
        '_Z',
        'A_ONE',
        'b_two',
        'c',
      ]);
      expect(await s.secrets.deleteSecret(repoScope, 'B_TWO')).toBe(true);
      expect(await s.secrets.deleteSecret(repoScope, 'b_two')).toBe(false);
      expect(await s.secrets.deleteSecret(orgScope, 'c')).toBe(false);
      expect((await s.secrets.listSecrets(repoScope)).map((x) => x.name)).toEqual(['_Z', 'A_ONE', 'c']);
    });

    it('leaves one row when writers of one name race', async () => {
      await Promise.all(
        ['race', 'RACE', 'Race', 'rAcE'].map((n, i) => s.secrets.upsertSecret(repoScope, write(n, i))),
      );
      expect(await s.secrets.listSecrets(repoScope)).toHaveLength(1);
    });

    it('domain: stores ciphertext, never the plaintext, with a fresh nonce per write', async () => {
      const secretBox = new AesGcmSecretBox(new Uint8Array(32).fill(9));
      const deps = { ...s, secretBox, clock: new FakeClock() };
      const plaintext = new TextEncoder().encode('hunter2-hunter2');
      await setSecret(deps, { repoPath: 'alice/tools', name: 'PW', value: 'hunter2-hunter2' });
      const [first] = await s.secrets.listSecrets(repoScope);
      await setSecret(deps, { repoPath: 'alice/tools', name: 'pw', value: 'hunter2-hunter2' });
      const [second] = await s.secrets.listSecrets(repoScope);
      if (!first || !second) throw new Error('secret missing');
      expect(Buffer.from(first.ciphertext).includes(Buffer.from(plaintext))).toBe(false);
      expect(first.nonce).not.toEqual(second.nonce);
      expect(first.ciphertext).not.toEqual(second.ciphertext);
      expect(new TextDecoder().decode(secretBox.open(second))).toBe('hunter2-hunter2');
    });

    it('domain: bad names and values store nothing', async () => {
      const deps = { ...s, secretBox: new AesGcmSecretBox(new Uint8Array(32)), clock: new FakeClock() };
      await setSecret(deps, { repoPath: 'alice/tools', name: 'KEEP', value: 'v1' });
      const before = await s.secrets.listSecrets(repoScope);
      const attempts = [
        { name: 'GITHUB_TOKEN', value: 'x', code: 'secret.name_invalid' },
        { name: '1ABC', value: 'x', code: 'secret.name_invalid' },
        { name: 'KEEP', value: '', code: 'secret.value_invalid' },
        { name: 'KEEP', value: 'x'.repeat(48 * 1024 + 1), code: 'secret.value_invalid' },
      ];
      for (const { code, ...input } of attempts) {
        await expect(setSecret(deps, { repoPath: 'alice/tools', ...input })).rejects.toMatchObject({ code });
      }
      expect(await s.secrets.listSecrets(repoScope)).toEqual(before);
    });
  });
}
