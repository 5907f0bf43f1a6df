import { beforeEach, describe, expect, it } from 'vitest';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { resolveSecretsForRun } from '../../../src/domain/forge/secret-resolution.js';
import { setSecret } from '../../../src/domain/forge/secrets.js';
import { createUser } from '../../../src/domain/forge/user.js';
import type { Repo } from '../../../src/ports/model/forge.js';
import type { RunEvent } from '../../../src/ports/model/run.js';
import { type ForgeWorld, makeForgeWorld } from '../../support/forge-world.js';

describe('secrets for a run', () => {
  let w: ForgeWorld;
  let orgRepo: Repo;
  let userRepo: Repo;
  beforeEach(async () => {
    w = makeForgeWorld();
    await createUser(w, { name: 'alice' });
    await createOrganization(w, { name: 'acme' });
    orgRepo = await createRepo(w, { ownerName: 'acme', name: 'app' });
    userRepo = await createRepo(w, { ownerName: 'alice', name: 'tools' });
    await setSecret(w, { orgName: 'acme', name: 'SHARED', value: 'org-shared' });
    await setSecret(w, { orgName: 'acme', name: 'ORG_ONLY', value: 'org-only' });
    await setSecret(w, { repoPath: 'acme/app', name: 'shared', value: 'repo-shared' });
    await setSecret(w, { repoPath: 'acme/app', name: 'REPO_ONLY', value: 'a-repo-only' });
    await setSecret(w, { repoPath: 'alice/tools', name: 'TOOLS', value: 'tools-value' });
  });

  it.each<RunEvent>(['push', 'workflow_dispatch', 'schedule'])(
    'gives a %s run the org secrets overlaid by the repository’s, with sorted mask values',
    async (event) => {
      expect(await resolveSecretsForRun(w, { repo: orgRepo, event })).toEqual({
        secrets: { shared: 'repo-shared', ORG_ONLY: 'org-only', REPO_ONLY: 'a-repo-only' },
        maskValues: ['a-repo-only', 'org-only', 'repo-shared'],
      });
    },
  );

  it('never gives a pull_request run any secret, not even the repository’s own', async () => {
    for (const repo of [orgRepo, userRepo]) {
      expect(await resolveSecretsForRun(w, { repo, event: 'pull_request' })).toEqual({
        secrets: null,
        maskValues: null,
      });
    }
  });

  it('gives a user-owned repository only its own secrets', async () => {
    expect(await resolveSecretsForRun(w, { repo: userRepo, event: 'push' })).toEqual({
      secrets: { TOOLS: 'tools-value' },
      maskValues: ['tools-value'],
    });
  });

  it('masks a value shared by two secrets once', async () => {
    await setSecret(w, { repoPath: 'alice/tools', name: 'AGAIN', value: 'tools-value' });
    const resolved = await resolveSecretsForRun(w, { repo: userRepo, event: 'push' });
    expect(resolved.maskValues).toEqual(['tools-value']);
    expect(Object.keys(resolved.secrets ?? {})).toEqual(['AGAIN', 'TOOLS']);
  });
});
