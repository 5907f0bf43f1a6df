/** `shithubd admin user|org|token|repo|secret|actions …`: the forge side of administration. */
import * as v from 'valibot';
import { DomainError, invalid } from '../../../domain/errors.js';
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
import { setUserPassword } from '../../../domain/sessions/set-password.js';
import {
  createAccessToken,
  listAccessTokens,
  revokeAccessToken,
} from '../../../domain/tokens/personal-access-token.js';
import type { PersonalAccessToken } from '../../../ports/model/forge.js';
import type { SecretBox } from '../../../ports/secret-box.js';
import { renderRecord, renderTable } from '../cli/text.js';
import { adminCommand, iso } from './admin-command.js';
import type { AdminDeps } from './admin-deps.js';
import {
  adminInput,
  duration,
  optional,
  optionalStdinText,
  positiveInt,
  stdinText,
  text,
  toggle,
} from './input-fields.js';

const ONE_SECRET_SCOPE = 'give exactly one of --repo or --org';
const ONE_POLICY_SCOPE = 'give exactly one of --site, --org or --repo';

const SECRET_SCOPE = {
  repo: optional(text('<owner/name>', 'repository')),
  org: optional(text('<name>', 'organisation (instead of --repo)')),
};
const hasOneSecretScope = (i: { repo?: string; org?: string }) =>
  (i.repo === undefined) !== (i.org === undefined);

/** The scope the schema's check let through (the throw is for a caller that skipped it). */
function secretScope({ repo, org }: { repo?: string; org?: string }): SecretScopeRef {
  if (repo !== undefined && org === undefined) return { repoPath: repo };
  if (org !== undefined && repo === undefined) return { orgName: org };
  throw invalid('admin.input_invalid', ONE_SECRET_SCOPE);
}

function policyScope({ site, org, repo }: { site: boolean; org?: string; repo?: string }): PolicyScopeRef {
  if (site) return 'site';
  if (org !== undefined) return { orgName: org };
  if (repo !== undefined) return { repoPath: repo };
  throw invalid('admin.input_invalid', ONE_POLICY_SCOPE);
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

export const forgeCommands = {
  'user.create': adminCommand({
    path: ['admin', 'user', 'create'],
    summary: 'create a user (password, if any, read from stdin)',
    input: adminInput({
      name: text('<name>', 'user name'),
      admin: toggle('make the user a site administrator'),
      password: optionalStdinText('the password', 'read a web UI password from standard input'),
    }),
    handle: async (deps, input) => {
      const user = await createUser(deps, {
        name: input.name,
        isAdmin: input.admin,
        password: input.password,
      });
      return { id: user.id, name: user.name, admin: user.isAdmin, created_at: iso(user.createdAt) };
    },
    render: renderRecord,
  }),

  'user.passwd': adminCommand({
    path: ['admin', 'user', 'passwd'],
    summary: "set a user's web UI password (read from stdin) and sign out their sessions",
    input: adminInput({
      name: text('<name>', 'user name'),
      password: stdinText('the password', 'the new password (standard input)'),
    }),
    handle: async (deps, input) => {
      const { user, sessionsRevoked } = await setUserPassword(deps, input);
      return { id: user.id, name: user.name, sessions_revoked: sessionsRevoked };
    },
    render: renderRecord,
  }),

  'org.create': adminCommand({
    path: ['admin', 'org', 'create'],
    summary: 'create an organisation that can own repositories',
    input: adminInput({ name: text('<name>', 'organisation name') }),
    handle: async (deps, input) => {
      const org = await createOrganization(deps, { name: input.name });
      return { id: org.id, name: org.name, created_at: iso(org.createdAt) };
    },
    render: renderRecord,
  }),

  'token.create': adminCommand({
    path: ['admin', 'token', 'create'],
    summary: 'mint a personal access token, printed once',
    input: adminInput({
      user: text('<name>', 'owner of the token'),
      scopes: text('<csv>', 'repo:read, repo:write, admin'),
      name: optional(text('<name>', 'a label for the token')),
      expires_in: optional(duration('<duration>', 'lifetime such as 90d (default: never)')),
    }),
    handle: async (deps, input) => {
      const { token, pat } = await createAccessToken(deps, {
        userName: input.user,
        scopes: input.scopes.split(',').map((s) => s.trim()),
        name: input.name,
        expiresInMs: input.expires_in || null,
      });
      return { id: pat.id, user: input.user, scopes: pat.scopes, token, expires_at: iso(pat.expiresAt) };
    },
    render: (value) => `${renderRecord(value)}\nStore this token now: it is shown only once.\n`,
  }),

  'token.list': adminCommand({
    path: ['admin', 'token', 'list'],
    summary: "list a user's personal access tokens (never the tokens themselves)",
    input: adminInput({ user: text('<name>', 'owner of the tokens') }),
    handle: async (deps, input) => (await listAccessTokens(deps, { userName: input.user })).map(tokenJson),
    render: (rows) => renderTable(rows, ['id', 'name', 'scopes', 'expires_at', 'revoked_at', 'last_used_at']),
  }),

  'token.revoke': adminCommand({
    path: ['admin', 'token', 'revoke'],
    summary: 'revoke a personal access token at once (idempotent)',
    input: adminInput({ id: positiveInt('<id>', 'token id (from token list)') }),
    handle: async (deps, input) => tokenJson(await revokeAccessToken(deps, { id: input.id })),
    render: renderRecord,
  }),

  'repo.create': adminCommand({
    path: ['admin', 'repo', 'create'],
    summary: 'create a repository (bare git repository + row)',
    input: adminInput({
      owner: text('<name>', 'owning user or organisation'),
      name: text('<name>', 'repository name'),
      private: toggle('only collaborators can read it'),
      default_branch: optional(text('<branch>', 'default branch (default trunk)')),
    }),
    handle: async (deps, input) => {
      const repo = await createRepo(deps, {
        ownerName: input.owner,
        name: input.name,
        isPrivate: input.private,
        defaultBranch: input.default_branch,
      });
      return {
        id: repo.id,
        full_name: `${repo.ownerName}/${repo.name}`,
        private: repo.isPrivate,
        default_branch: repo.defaultBranch,
        created_at: iso(repo.createdAt),
      };
    },
    render: renderRecord,
  }),

  'repo.collaborator_add': adminCommand({
    path: ['admin', 'repo', 'collaborator', 'add'],
    summary: 'grant a user read, write or admin on a repository',
    input: adminInput({
      repo: text('<owner/name>', 'repository'),
      user: text('<name>', 'user'),
      role: text('<role>', 'read, write or admin'),
    }),
    handle: async (deps, input) => {
      const c = await addCollaborator(deps, { repoPath: input.repo, userName: input.user, role: input.role });
      return { repo: input.repo, user: input.user, role: c.role };
    },
    render: renderRecord,
  }),

  'secret.set': adminCommand({
    path: ['admin', 'secret', 'set'],
    summary: 'set a repository (or organisation) secret; the value is read from stdin',
    input: v.pipe(
      adminInput({
        ...SECRET_SCOPE,
        name: text('<name>', 'secret name'),
        value: stdinText('the secret value', 'the secret value (standard input)'),
      }),
      v.partialCheck([['repo'], ['org']], hasOneSecretScope, ONE_SECRET_SCOPE),
    ),
    handle: async (deps, input) => {
      const summary = await setSecret(
        { ...deps, secretBox: requireSecretBox(deps) },
        { ...secretScope(input), name: input.name, value: input.value },
      );
      return { name: summary.name, created_at: iso(summary.createdAt), updated_at: iso(summary.updatedAt) };
    },
    render: renderRecord,
  }),

  'secret.list': adminCommand({
    path: ['admin', 'secret', 'list'],
    summary: 'list secret names and dates (never values)',
    input: v.pipe(
      adminInput(SECRET_SCOPE),
      v.partialCheck([['repo'], ['org']], hasOneSecretScope, ONE_SECRET_SCOPE),
    ),
    handle: async (deps, input) =>
      (await listSecrets(deps, secretScope(input))).map((s) => ({
        name: s.name,
        created_at: iso(s.createdAt),
        updated_at: iso(s.updatedAt),
      })),
    render: (rows) => renderTable(rows, ['name', 'created_at', 'updated_at']),
  }),

  'secret.delete': adminCommand({
    path: ['admin', 'secret', 'delete'],
    summary: 'delete a secret',
    input: v.pipe(
      adminInput({ ...SECRET_SCOPE, name: text('<name>', 'secret name') }),
      v.partialCheck([['repo'], ['org']], hasOneSecretScope, ONE_SECRET_SCOPE),
    ),
    handle: async (deps, input) => {
      await deleteSecret(deps, { ...secretScope(input), name: input.name });
      return { name: input.name, deleted: true };
    },
    render: renderRecord,
  }),

  'actions.policy': adminCommand({
    path: ['admin', 'actions', 'policy'],
    summary: 'switch Actions on or off for the site, an organisation or a repository',
    input: v.pipe(
      adminInput({
        site: toggle('the site-wide switch'),
        org: optional(text('<name>', 'an organisation')),
        repo: optional(text('<owner/name>', 'a repository')),
        state: optional(text('<state>', 'enabled, disabled or inherit (omit to show)')),
      }),
      v.partialCheck(
        [['site'], ['org'], ['repo']],
        (i) => [i.site, i.org !== undefined, i.repo !== undefined].filter(Boolean).length === 1,
        ONE_POLICY_SCOPE,
      ),
    ),
    handle: async (deps, input) => {
      const scope = policyScope(input);
      const view =
        input.state === undefined
          ? await getActionsPolicy(deps, scope)
          : await setActionsPolicy(deps, { scope, state: input.state });
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
    render: renderRecord,
  }),
};

/** A token as `token list` and `token revoke` print it: never its hash. */
function tokenJson(pat: PersonalAccessToken) {
  return {
    id: pat.id,
    user_id: pat.userId,
    name: pat.name,
    scopes: pat.scopes,
    expires_at: iso(pat.expiresAt),
    revoked_at: iso(pat.revokedAt),
    last_used_at: iso(pat.lastUsedAt),
    created_at: iso(pat.createdAt),
  };
}
