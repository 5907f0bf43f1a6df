import { beforeEach, describe, expect, it } from 'vitest';
import { addCollaborator } from '../../../src/domain/forge/collaborator.js';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { authorizeRepo, repoPermission } from '../../../src/domain/forge/repo-permission.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import type { Repo, RepoRole } from '../../../src/ports/model/forge.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

type Who = 'anonymous' | 'site admin' | 'owner' | 'reader' | 'writer' | 'repo admin' | 'stranger' | 'deleted';

describe('repository permissions', () => {
  let w: ForgeWorld;
  const ids = new Map<Who, number | null>();
  const repos: Record<string, Repo> = {};

  beforeEach(async () => {
    w = makeForgeWorld();
    ids.set('anonymous', null).set('deleted', 999);
    for (const [who, name, isAdmin] of [
      ['owner', 'alice', false],
      ['site admin', 'root', true],
      ['reader', 'rita', false],
      ['writer', 'will', false],
      ['repo admin', 'ada', false],
      ['stranger', 'sam', false],
    ] as const) {
      ids.set(who, (await createUser(w, { name, isAdmin })).id);
    }
    await createOrganization(w, { name: 'acme' });
    for (const [key, ownerName, isPrivate] of [
      ['public', 'alice', false],
      ['private', 'alice', true],
      ['org private', 'acme', true],
    ] as const) {
      repos[key] = await createRepo(w, { ownerName, name: key.replace(' ', '-'), isPrivate });
      const path = `${ownerName}/${key.replace(' ', '-')}`;
      await addCollaborator(w, { repoPath: path, userName: 'rita', role: 'read' });
      await addCollaborator(w, { repoPath: path, userName: 'will', role: 'write' });
      await addCollaborator(w, { repoPath: path, userName: 'ada', role: 'admin' });
    }
  });

  it.each<[Who, string, RepoRole | null]>([
    ['anonymous', 'public', 'read'],
    ['anonymous', 'private', null],
    ['deleted', 'private', null],
    ['stranger', 'public', 'read'],
    ['stranger', 'private', null],
    ['site admin', 'private', 'admin'],
    ['site admin', 'org private', 'admin'],
    ['owner', 'private', 'admin'],
    ['owner', 'org private', null],
    ['reader', 'private', 'read'],
    ['writer', 'private', 'write'],
    ['writer', 'public', 'write'],
    ['repo admin', 'org private', 'admin'],
  ])('%s on the %s repository → %s', async (who, repo, expected) => {
    expect(await repoPermission(w, { userId: ids.get(who) ?? null, repo: repos[repo] as Repo })).toBe(
      expected,
    );
  });

  it('replaces a collaborator role instead of adding a second one', async () => {
    await addCollaborator(w, { repoPath: 'alice/private', userName: 'RITA', role: 'write' });
    expect(await repoPermission(w, { userId: ids.get('reader') ?? null, repo: repos.private as Repo })).toBe(
      'write',
    );
    expect(w.state.tables.collaborators.filter((c) => c.userId === ids.get('reader'))).toHaveLength(3);
  });

  it.each([
    [
      'a bad role',
      { role: 'owner' },
      'invalid',
      'collaborator.role_invalid',
      'role "owner" is invalid: use read, write or admin',
    ],
    ['an unknown user', { userName: 'ghost' }, 'not_found', 'user.not_found', 'user "ghost" not found'],
    [
      'an unknown repository',
      { repoPath: 'alice/ghost' },
      'not_found',
      'repo.not_found',
      'repository alice/ghost not found',
    ],
  ])(
    'refuses to add a collaborator with %s and changes nothing',
    async (_case, override, kind, code, message) => {
      const before = structuredClone(w.state.tables.collaborators);
      await expect(
        addCollaborator(w, { repoPath: 'alice/private', userName: 'sam', role: 'read', ...override }),
      ).rejects.toMatchObject({ kind, code, message });
      expect(w.state.tables.collaborators).toEqual(before);
    },
  );

  it('hides a repository the caller cannot read behind the same not-found as a missing one', async () => {
    await expect(
      authorizeRepo(w, { userId: ids.get('stranger') ?? null, repoPath: 'ALICE/private', need: 'read' }),
    ).rejects.toMatchObject({
      kind: 'not_found',
      code: 'repo.not_found',
      message: 'repository ALICE/private not found',
    });
  });

  it('forbids a visible repository when the role is too low, and allows enough', async () => {
    await expect(
      authorizeRepo(w, { userId: ids.get('reader') ?? null, repoPath: 'alice/private', need: 'write' }),
    ).rejects.toMatchObject({ kind: 'forbidden', code: 'repo.forbidden' });
    const ok = await authorizeRepo(w, {
      userId: ids.get('writer') ?? null,
      repoPath: 'alice/private',
      need: 'write',
    });
    expect(ok).toMatchObject({ permission: 'write', repo: { name: 'private' } });
  });
});
