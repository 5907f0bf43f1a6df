import { beforeEach, describe, expect, it } from 'vitest';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { createRepo, getRepoByPath } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

describe('repositories', () => {
  let w: ForgeWorld;
  beforeEach(async () => {
    w = makeForgeWorld();
    await createUser(w, { name: 'Alice' });
    await createOrganization(w, { name: 'acme' });
  });

  it('creates a public repository on trunk, owned by the user under their canonical name, with its git repo', async () => {
    const repo = await createRepo(w, { ownerName: 'alice', name: 'tools' });
    expect(repo).toEqual({
      id: 1,
      ownerUserId: 1,
      ownerOrgId: null,
      ownerName: 'Alice',
      name: 'tools',
      isPrivate: false,
      defaultBranch: 'trunk',
      forkOfRepoId: null,
      createdAt: w.clock.now(),
    });
    expect(w.gitRepos.branches.get('/repos/Alice/tools.git')).toBe('trunk');
  });

  it('creates a private organisation repository with another default branch and a fork source', async () => {
    const source = await createRepo(w, { ownerName: 'alice', name: 'tools' });
    const fork = await createRepo(w, {
      ownerName: 'ACME',
      name: 'tools',
      isPrivate: true,
      defaultBranch: 'main',
      forkOfRepoId: source.id,
    });
    expect(fork).toMatchObject({ ownerUserId: null, ownerOrgId: 1, ownerName: 'acme', isPrivate: true });
    expect(fork).toMatchObject({ defaultBranch: 'main', forkOfRepoId: source.id });
  });

  it.each([
    ['a bad name', { name: 'x.git' }, 'invalid', 'repo.name_invalid'],
    ['a bad branch', { defaultBranch: 'a..b' }, 'invalid', 'repo.default_branch_invalid'],
    ['an unknown owner', { ownerName: 'ghost' }, 'not_found', 'owner.not_found'],
    ['an unknown fork source', { forkOfRepoId: 42 }, 'not_found', 'repo.not_found'],
  ])('rejects %s and creates nothing', async (_case, override, kind, code) => {
    await expect(createRepo(w, { ownerName: 'alice', name: 'tools', ...override })).rejects.toMatchObject({
      kind,
      code,
    });
    expect(w.state.tables.repos.size).toBe(0);
    expect(w.gitRepos.branches.size).toBe(0);
  });

  it('names a missing owner in the message', async () => {
    await expect(createRepo(w, { ownerName: 'ghost', name: 'x' })).rejects.toThrow('owner "ghost" not found');
  });

  it('refuses a second repository of one owner whose name differs only in case', async () => {
    await createRepo(w, { ownerName: 'alice', name: 'tools' });
    await expect(createRepo(w, { ownerName: 'alice', name: 'TOOLS' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'repo.exists',
      message: 'repository Alice/TOOLS already exists',
    });
  });

  it('removes the row again when git fails', async () => {
    w.gitRepos.failNextCreate = true;
    await expect(createRepo(w, { ownerName: 'alice', name: 'tools' })).rejects.toThrow('git init failed');
    expect(w.state.tables.repos.size).toBe(0);
  });

  it('refuses, without keeping a row, when a git repository already sits at the path', async () => {
    await w.gitRepos.create('Alice', 'tools', 'trunk');
    await expect(createRepo(w, { ownerName: 'alice', name: 'tools' })).rejects.toMatchObject({
      code: 'repo.exists',
      message: 'repository Alice/tools already exists on disk',
    });
    expect(w.state.tables.repos.size).toBe(0);
  });

  it('finds a repository by owner/name in any case', async () => {
    const repo = await createRepo(w, { ownerName: 'alice', name: 'tools' });
    expect(await getRepoByPath(w, 'ALICE/Tools')).toEqual(repo);
  });

  it('answers not found and invalid for paths', async () => {
    await expect(getRepoByPath(w, 'alice/nope')).rejects.toMatchObject({
      kind: 'not_found',
      code: 'repo.not_found',
      message: 'repository alice/nope not found',
    });
    await expect(getRepoByPath(w, 'alice')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'repo.path_invalid',
    });
  });
});
