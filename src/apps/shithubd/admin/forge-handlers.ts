/** Admin handlers for users, organisations, tokens, repositories, secrets and policy. */
import { DomainError } from '../../../domain/errors.js';
import {
  getActionsPolicy,
  type PolicyScopeRef,
  setActionsPolicy,
} from '../../../domain/forge/actions-policy.js';
import { addCollaborator } from '../../../domain/forge/collaborator.js';
import { createOrganization } from '../../../domain/forge/organization.js';
import { createRepo } from '../../../domain/forge/repository.js';
import { deleteSecret, listSecrets, type SecretScopeRef, setSecret } from '../../../domain/forge/secrets.js';
import { createUser } from '../../../domain/forge/user.js';
import { createAccessToken } from '../../../domain/tokens/personal-access-token.js';
import type { SecretBox } from '../../../ports/secret-box.js';
import type { AdminDeps, AdminHandler } from './admin-deps.js';
import { type Input, iso, json, optBool, optDuration, optString, reqString } from './input.js';

function secretScope(input: Input): SecretScopeRef {
  const repo = optString(input, 'repo');
  return repo !== undefined ? { repoPath: repo } : { orgName: reqString(input, 'org') };
}

function requireSecretBox(deps: AdminDeps): SecretBox {
  if (!deps.secretBox) {
    throw new DomainError(
      'unavailable',
      'secrets.no_key',
      'secrets need a key: set auth.totp_key_b64 (SHITHUB_TOTP_KEY)',
    );
  }
  return deps.secretBox;
}

function policyScope(input: Input): PolicyScopeRef {
  if (optBool(input, 'site')) return 'site';
  const org = optString(input, 'org');
  return org !== undefined ? { orgName: org } : { repoPath: reqString(input, 'repo') };
}

export const forgeHandlers: Record<string, AdminHandler> = {
  'user.create': async (deps, input) => {
    const user = await createUser(deps, {
      name: reqString(input, 'name'),
      isAdmin: optBool(input, 'admin'),
      password: optString(input, 'password'),
    });
    return { id: user.id, name: user.name, admin: user.isAdmin, created_at: iso(user.createdAt) };
  },

  'org.create': async (deps, input) => {
    const org = await createOrganization(deps, { name: reqString(input, 'name') });
    return { id: org.id, name: org.name, created_at: iso(org.createdAt) };
  },

  'token.create': async (deps, input) => {
    const { token, pat } = await createAccessToken(deps, {
      userName: reqString(input, 'user'),
      scopes: reqString(input, 'scopes')
        .split(',')
        .map((s) => s.trim()),
      name: optString(input, 'name'),
      expiresInMs: optDuration(input, 'expires_in', '--expires-in') || null,
    });
    return json({
      id: pat.id,
      user: reqString(input, 'user'),
      scopes: pat.scopes,
      token,
      expires_at: iso(pat.expiresAt),
    });
  },

  'repo.create': async (deps, input) => {
    const repo = await createRepo(deps, {
      ownerName: reqString(input, 'owner'),
      name: reqString(input, 'name'),
      isPrivate: optBool(input, 'private'),
      defaultBranch: optString(input, 'default_branch'),
    });
    return {
      id: repo.id,
      full_name: `${repo.ownerName}/${repo.name}`,
      private: repo.isPrivate,
      default_branch: repo.defaultBranch,
      created_at: iso(repo.createdAt),
    };
  },

  'repo.collaborator_add': async (deps, input) => {
    const c = await addCollaborator(deps, {
      repoPath: reqString(input, 'repo'),
      userName: reqString(input, 'user'),
      role: reqString(input, 'role'),
    });
    return { repo: reqString(input, 'repo'), user: reqString(input, 'user'), role: c.role };
  },

  'secret.set': async (deps, input) => {
    const summary = await setSecret(
      { ...deps, secretBox: requireSecretBox(deps) },
      { ...secretScope(input), name: reqString(input, 'name'), value: reqString(input, 'value') },
    );
    return { name: summary.name, created_at: iso(summary.createdAt), updated_at: iso(summary.updatedAt) };
  },

  'secret.list': async (deps, input) => {
    const rows = await listSecrets(deps, secretScope(input));
    return rows.map((s) => ({ name: s.name, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt) }));
  },

  'secret.delete': async (deps, input) => {
    const name = reqString(input, 'name');
    await deleteSecret(deps, { ...secretScope(input), name });
    return { name, deleted: true };
  },

  'actions.policy': async (deps, input) => {
    const scope = policyScope(input);
    const state = optString(input, 'state');
    const view =
      state === undefined
        ? await getActionsPolicy(deps, scope)
        : await setActionsPolicy(deps, { scope, state });
    return {
      scope: view.scope,
      target: scope === 'site' ? 'site' : 'orgName' in scope ? scope.orgName : scope.repoPath,
      state: view.state,
      effective_enabled: view.effectiveEnabled,
      require_pr_approval: view.limits.requirePrApproval,
      max_repo_concurrent_jobs: view.limits.maxRepoConcurrentJobs,
      max_owner_concurrent_jobs: view.limits.maxOwnerConcurrentJobs,
    };
  },
};
