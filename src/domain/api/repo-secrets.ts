/** Repository secrets over the API (SPEC §7.3, §12): values go in, never come out. */
import type { Repo } from '../../ports/model/forge.js';
import type { SecretBox } from '../../ports/secret-box.js';
import { DomainError } from '../errors.js';
import { listSecrets, type SecretSummary, type SetSecretDeps, setSecret } from '../forge/secrets.js';

/**
 * Creates or replaces the repository's secret; `created` tells which (a name matching an
 * existing secret case-insensitively replaces it). Throws unavailable
 * `secrets.unavailable` when the server has no secret key, else `setSecret`'s errors.
 */
export async function putRepoSecret(
  deps: Omit<SetSecretDeps, 'secretBox'> & { secretBox: SecretBox | null },
  input: { repo: Repo; name: string; value: string },
): Promise<{ created: boolean; secret: SecretSummary }> {
  const { secretBox } = deps;
  if (!secretBox) {
    throw new DomainError(
      'unavailable',
      'secrets.unavailable',
      'secrets are not configured: set auth.totp_key_b64 (SHITHUB_TOTP_KEY)',
    );
  }
  const repoPath = `${input.repo.ownerName}/${input.repo.name}`;
  const before = await listSecrets(deps, { repoPath });
  const existed = before.some((s) => s.name.toLowerCase() === input.name.toLowerCase());
  const secret = await setSecret({ ...deps, secretBox }, { repoPath, name: input.name, value: input.value });
  return { created: !existed, secret };
}
