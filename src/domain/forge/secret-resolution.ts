/** Which secrets a run receives at claim time (SPEC §12, facts §7). */
import type { Repo } from '../../ports/model/forge.js';
import type { RunEvent } from '../../ports/model/run.js';
import type { SecretBox } from '../../ports/secret-box.js';
import type { SecretStore } from '../../ports/secret-store.js';

/** Secrets for one run, or nulls when the run must not see any. */
export type ResolvedSecrets =
  | { secrets: Record<string, string>; maskValues: string[] }
  | { secrets: null; maskValues: null };

/**
 * Resolves the plaintext secrets of a run. `pull_request` runs never get secrets, before
 * or after approval (both fields null). Otherwise the organisation's secrets (for an
 * org-owned repository) are overlaid by the repository's, a same name matching
 * case-insensitively (the repository's spelling wins). `maskValues` are the distinct
 * values, sorted. The result must never be logged.
 */
export async function resolveSecretsForRun(
  deps: { secrets: SecretStore; secretBox: SecretBox },
  input: { repo: Pick<Repo, 'id' | 'ownerOrgId'>; event: RunEvent },
): Promise<ResolvedSecrets> {
  if (input.event === 'pull_request') return { secrets: null, maskValues: null };
  const { repo } = input;
  const layers = [
    repo.ownerOrgId === null ? [] : await deps.secrets.listSecrets({ kind: 'org', orgId: repo.ownerOrgId }),
    await deps.secrets.listSecrets({ kind: 'repo', repoId: repo.id }),
  ];
  const byName = new Map<string, { name: string; value: string }>();
  const decoder = new TextDecoder();
  for (const secret of layers.flat()) {
    const value = decoder.decode(deps.secretBox.open(secret));
    byName.set(secret.name.toUpperCase(), { name: secret.name, value });
  }
  const entries = [...byName.values()];
  return {
    secrets: Object.fromEntries(entries.map((e) => [e.name, e.value])),
    maskValues: [...new Set(entries.map((e) => e.value))].sort(),
  };
}
