import { beforeEach, describe, expect, it } from 'vitest';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { deleteSecret, listSecrets, setSecret } from '../../../src/domain/forge/secrets.js';
import { createUser } from '../../../src/domain/forge/user.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

const open = (w: ForgeWorld, name: string) => {
  const stored = [...w.state.tables.secrets.values()].find((s) => s.name === name);
  if (!stored) throw new Error(`no secret ${name}`);
  return new TextDecoder().decode(w.secretBox.open(stored));
};

describe('secrets', () => {
  let w: ForgeWorld;
  beforeEach(async () => {
    w = makeForgeWorld();
    await createUser(w, { name: 'alice' });
    await createOrganization(w, { name: 'acme' });
    await createRepo(w, { ownerName: 'alice', name: 'tools' });
  });

  it('seals a repository secret and lists it without its value', async () => {
    const summary = await setSecret(w, { repoPath: 'alice/tools', name: 'DEPLOY_KEY', value: 'k3y' });
    expect(summary).toEqual({ name: 'DEPLOY_KEY', createdAt: w.clock.now(), updatedAt: w.clock.now() });
    expect(open(w, 'DEPLOY_KEY')).toBe('k3y');
    expect(await listSecrets(w, { repoPath: 'alice/tools' })).toEqual([summary]);
  });

  it('replaces a secret whose name differs only in case, keeping its creation time', async () => {
    const created = w.clock.now();
    await setSecret(w, { orgName: 'acme', name: 'token', value: 'one' });
    w.clock.advance(1000);
    await setSecret(w, { orgName: 'ACME', name: 'TOKEN', value: 'two' });
    expect(await listSecrets(w, { orgName: 'acme' })).toEqual([
      { name: 'TOKEN', createdAt: created, updatedAt: w.clock.now() },
    ]);
    expect(open(w, 'TOKEN')).toBe('two');
  });

  it.each([
    ['a leading digit', '1TOKEN', /is invalid/],
    ['a dash', 'MY-TOKEN', /is invalid/],
    ['an empty name', '', /is invalid/],
    ['101 characters', 'A'.repeat(101), /is invalid/],
    ['the SHITHUB_ prefix', 'SHITHUB_TOKEN', /the SHITHUB_ prefix is reserved/],
    ['the GITHUB_ prefix in lower case', 'github_token', /the GITHUB_ prefix is reserved/],
  ])('rejects a name with %s and stores nothing', async (_case, name, message) => {
    await expect(setSecret(w, { repoPath: 'alice/tools', name, value: 'v' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'secret.name_invalid',
      message: expect.stringMatching(message),
    });
    expect(w.state.tables.secrets.size).toBe(0);
  });

  it('accepts exactly 48 KiB and rejects one byte more or an empty value, never echoing it', async () => {
    await setSecret(w, { repoPath: 'alice/tools', name: 'BIG', value: 'v'.repeat(48 * 1024) });
    for (const value of ['', `${'s3cr3t'.repeat(8192)}x`]) {
      const err = await setSecret(w, { repoPath: 'alice/tools', name: 'OTHER', value }).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ kind: 'invalid', code: 'secret.value_invalid' });
      expect(String((err as Error).message)).not.toContain('s3cr3t');
    }
    expect(w.state.tables.secrets.size).toBe(1);
  });

  it('needs exactly one scope, and a scope that exists', async () => {
    await expect(setSecret(w, { name: 'A', value: 'v' } as never)).rejects.toMatchObject({
      code: 'secret.scope_invalid',
    });
    await expect(
      setSecret(w, { repoPath: 'alice/tools', orgName: 'acme', name: 'A', value: 'v' } as never),
    ).rejects.toMatchObject({ code: 'secret.scope_invalid' });
    await expect(setSecret(w, { orgName: 'ghost', name: 'A', value: 'v' })).rejects.toMatchObject({
      code: 'org.not_found',
    });
    await expect(setSecret(w, { repoPath: 'alice/ghost', name: 'A', value: 'v' })).rejects.toMatchObject({
      code: 'repo.not_found',
    });
    expect(w.state.tables.secrets.size).toBe(0);
  });

  it('deletes by name in any case, and says when there is nothing to delete', async () => {
    await setSecret(w, { repoPath: 'alice/tools', name: 'TOKEN', value: 'v' });
    await deleteSecret(w, { repoPath: 'alice/tools', name: 'token' });
    expect(await listSecrets(w, { repoPath: 'alice/tools' })).toEqual([]);
    await expect(deleteSecret(w, { repoPath: 'alice/tools', name: 'TOKEN' })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'secret.not_found',
      message: 'secret "TOKEN" not found',
    });
  });
});
