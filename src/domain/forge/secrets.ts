/** Repository and organisation secrets: write, list, delete (SPEC §12). Values are sealed. */
import type { Clock } from '../../ports/clock.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { SecretBox } from '../../ports/secret-box.js';
import type { SecretScope, SecretStore } from '../../ports/secret-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { invalid, notFound } from '../errors.js';
import { quote } from './names.js';
import { getOrganizationByName } from './organization.js';
import { getRepoByPath } from './repository.js';
import { checkSecretName, encodeSecretValue } from './secret-rules.js';

/** Names a secret scope as the operator does: exactly one of a repository path or an org name. */
export type SecretScopeRef =
  | { repoPath: string; orgName?: undefined }
  | { orgName: string; repoPath?: undefined };

/** A secret as shown to people: never its value. */
export interface SecretSummary {
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ScopeDeps {
  users: UserStore;
  repos: RepoStore;
}

/**
 * Resolves the scope reference. Throws `invalid` `secret.scope_invalid` unless exactly one
 * of `repoPath` / `orgName` is given, then `repo.*` / `org.not_found` lookups.
 */
async function resolveScope(deps: ScopeDeps, ref: SecretScopeRef): Promise<SecretScope> {
  if ((ref.repoPath === undefined) === (ref.orgName === undefined)) {
    throw invalid('secret.scope_invalid', 'give exactly one of a repository or an organization');
  }
  if (ref.repoPath !== undefined) {
    return { kind: 'repo', repoId: (await getRepoByPath(deps, ref.repoPath)).id };
  }
  return { kind: 'org', orgId: (await getOrganizationByName(deps, ref.orgName ?? '')).id };
}

export interface SetSecretDeps extends ScopeDeps {
  secrets: SecretStore;
  secretBox: SecretBox;
  clock: Clock;
}

/**
 * Creates or replaces (matching the name case-insensitively) a secret of a repository or
 * organisation, sealing the value with a fresh nonce. Throws `invalid`
 * `secret.name_invalid` / `secret.value_invalid` / `secret.scope_invalid`, and the
 * lookup errors of the scope; the value never appears in an error.
 */
export async function setSecret(
  deps: SetSecretDeps,
  input: SecretScopeRef & { name: string; value: string },
): Promise<SecretSummary> {
  checkSecretName(input.name);
  const plaintext = encodeSecretValue(input.value);
  const scope = await resolveScope(deps, input);
  const sealed = deps.secretBox.seal(plaintext);
  const stored = await deps.secrets.upsertSecret(scope, {
    name: input.name,
    ...sealed,
    at: deps.clock.now(),
  });
  return summarize(stored);
}

/** The scope's secrets by name (case-insensitive order), without values. */
export async function listSecrets(
  deps: ScopeDeps & { secrets: SecretStore },
  ref: SecretScopeRef,
): Promise<SecretSummary[]> {
  const scope = await resolveScope(deps, ref);
  return (await deps.secrets.listSecrets(scope)).map(summarize);
}

/** Deletes the scope's secret (name case-insensitive); throws `not_found` `secret.not_found`. */
export async function deleteSecret(
  deps: ScopeDeps & { secrets: SecretStore },
  input: SecretScopeRef & { name: string },
): Promise<void> {
  const scope = await resolveScope(deps, input);
  if (!(await deps.secrets.deleteSecret(scope, input.name))) {
    throw notFound('secret.not_found', `secret ${quote(input.name)} not found`);
  }
}

function summarize(secret: SecretSummary): SecretSummary {
  return { name: secret.name, createdAt: secret.createdAt, updatedAt: secret.updatedAt };
}
