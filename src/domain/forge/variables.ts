/**
 * Configuration variables (the `vars` context): per repository or organisation, plain text,
 * never masked and never secret — GitHub's rules for names (those of secrets) and sizes.
 */
import type { Clock } from '../../ports/clock.js';
import type { Repo } from '../../ports/model/forge.js';
import type { Variable } from '../../ports/model/variable.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { SecretScope } from '../../ports/secret-store.js';
import type { UserStore } from '../../ports/user-store.js';
import type { VariableStore } from '../../ports/variable-store.js';
import { invalid, notFound } from '../errors.js';
import { quote } from './names.js';
import { getOrganizationByName } from './organization.js';
import { getRepoByPath } from './repository.js';
import { checkSecretName, MAX_SECRET_VALUE_BYTES } from './secret-rules.js';
import type { SecretScopeRef } from './secrets.js';

type ScopeDeps = { users: UserStore; repos: RepoStore };
type VariableDeps = ScopeDeps & { variables: VariableStore };

/** GitHub's limit of one variable's value. */
export const MAX_VARIABLE_VALUE_BYTES = MAX_SECRET_VALUE_BYTES;

/** Throws `invalid` `variable.name_invalid` for a name a secret could not have either. */
export function checkVariableName(name: string): void {
  try {
    checkSecretName(name);
  } catch (err) {
    throw invalid('variable.name_invalid', (err as Error).message.replace(/^secret/, 'variable'));
  }
}

/** Throws `invalid` `variable.value_invalid` unless 1 to 48 KiB of UTF-8 without U+0000. */
export function checkVariableValue(value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes === 0 || bytes > MAX_VARIABLE_VALUE_BYTES || value.includes('\0')) {
    throw invalid(
      'variable.value_invalid',
      `variable value must be 1 to ${MAX_VARIABLE_VALUE_BYTES} bytes of text without NUL (got ${bytes} bytes)`,
    );
  }
}

async function resolveScope(deps: ScopeDeps, ref: SecretScopeRef): Promise<SecretScope> {
  if ((ref.repoPath === undefined) === (ref.orgName === undefined))
    throw invalid('variable.scope_invalid', 'give exactly one of a repository or an organization');
  if (ref.repoPath !== undefined)
    return { kind: 'repo', repoId: (await getRepoByPath(deps, ref.repoPath)).id };
  return { kind: 'org', orgId: (await getOrganizationByName(deps, ref.orgName ?? '')).id };
}

/**
 * Creates or replaces (name matched case-insensitively) a variable of a repository or an
 * organisation; `created` tells which. Throws invalid `variable.*` and the scope's lookups.
 */
export async function setVariable(
  deps: VariableDeps & { clock: Clock },
  input: SecretScopeRef & { name: string; value: string },
): Promise<{ variable: Variable; created: boolean }> {
  checkVariableName(input.name);
  checkVariableValue(input.value);
  const scope = await resolveScope(deps, input);
  return deps.variables.upsertVariable(scope, { name: input.name, value: input.value, at: deps.clock.now() });
}

/** The scope's variables by name (case-insensitive order), values included. */
export async function listVariables(deps: VariableDeps, ref: SecretScopeRef): Promise<Variable[]> {
  return deps.variables.listVariables(await resolveScope(deps, ref));
}

/** The scope's variable named `name` (case-insensitive); throws `not_found` `variable.not_found`. */
export async function getVariable(
  deps: VariableDeps,
  input: SecretScopeRef & { name: string },
): Promise<Variable> {
  checkVariableName(input.name);
  const found = (await listVariables(deps, input)).find(
    (v) => v.name.toLowerCase() === input.name.toLowerCase(),
  );
  if (!found) throw notFound('variable.not_found', `variable ${quote(input.name)} not found`);
  return found;
}

/** Deletes the scope's variable (name case-insensitive); throws `not_found` `variable.not_found`. */
export async function deleteVariable(
  deps: VariableDeps,
  input: SecretScopeRef & { name: string },
): Promise<void> {
  const scope = await resolveScope(deps, input);
  if (!(await deps.variables.deleteVariable(scope, input.name)))
    throw notFound('variable.not_found', `variable ${quote(input.name)} not found`);
}

/**
 * The `vars` context of a repository's runs: the organisation's variables (org-owned
 * repositories) overlaid by the repository's, a same name matching case-insensitively
 * (the repository's spelling wins).
 */
export async function resolveVariables(
  deps: { variables: VariableStore },
  repo: Pick<Repo, 'id' | 'ownerOrgId'>,
): Promise<Record<string, string>> {
  const layers = [
    repo.ownerOrgId === null
      ? []
      : await deps.variables.listVariables({ kind: 'org', orgId: repo.ownerOrgId }),
    await deps.variables.listVariables({ kind: 'repo', repoId: repo.id }),
  ];
  const byName = new Map<string, Variable>();
  for (const variable of layers.flat()) byName.set(variable.name.toUpperCase(), variable);
  const out: Record<string, string> = {};
  for (const { name, value } of byName.values())
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
