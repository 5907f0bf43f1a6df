/**
 * The secrets of a job a reusable workflow call brought in (SPEC §12): `secrets: inherit` passes
 * the run's secrets as they are; a map passes only the names it lists, each evaluated over the
 * caller's `secrets`. A run that gets no secrets (a pull request) still gets none. The mask values
 * stay the run's, so every secret is masked whichever names the called jobs see.
 */
import type { JobCallBinding } from '../../ports/model/run.js';
import type { ResolvedSecrets } from '../forge/secret-resolution.js';
import { interpolate } from '../workflows/expressions/template.js';

/** The secrets `call` passes; `resolved` unchanged for a job outside a call. */
export function bindCallSecrets(
  resolved: ResolvedSecrets,
  call: JobCallBinding | null | undefined,
): ResolvedSecrets {
  if (!call || call.secrets === 'inherit' || resolved.secrets === null) return resolved;
  const context = { contexts: { secrets: { ...resolved.secrets } } };
  const secrets: Record<string, string> = {};
  for (const [name, template] of Object.entries(call.secrets)) {
    let value = '';
    try {
      value = interpolate(template, context);
    } catch {
      // Checked when the run was planned; a template that still fails passes an empty secret.
    }
    Object.defineProperty(secrets, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { secrets, maskValues: resolved.maskValues };
}
