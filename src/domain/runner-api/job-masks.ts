/**
 * The job's claim-time mask snapshot (SPEC §11, facts §1.3): the secret values the claim
 * handed out, sealed in `workflow_job_secret_masks`, so the server scrubs later chunks with
 * exactly what the runner could print — even after a secret changed or was deleted.
 */
import type { JobCallStore } from '../../ports/job-call-store.js';
import type { Job } from '../../ports/model/run.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { RunStore } from '../../ports/run-store.js';
import type { SealedValue, SecretBox } from '../../ports/secret-box.js';
import type { SecretStore } from '../../ports/secret-store.js';
import { resolveSecretsForRun } from '../forge/secret-resolution.js';
import { buildMaskSet, type MaskSet } from '../logs/mask-set.js';

export type JobMaskDeps = {
  jobCalls: JobCallStore;
  secretBox: SecretBox;
  runs: RunStore;
  repos: RepoStore;
  secrets: SecretStore;
};

/** Seals the mask values for storage (an empty list for runs without secrets). */
export function sealMaskValues(box: SecretBox, values: readonly string[]): SealedValue {
  return box.seal(new TextEncoder().encode(JSON.stringify(values)));
}

/**
 * The mask set for a job's logs: its snapshot, or — for a job claimed without one — the
 * secrets its run would be given now (none for `pull_request`); plus `added`, values the
 * call being served brings (see `addJobMasks`).
 */
export async function loadJobMaskSet(
  deps: JobMaskDeps,
  job: Job,
  added: readonly string[] = [],
): Promise<MaskSet> {
  return buildMaskSet([...(await loadJobMaskValues(deps, job)), ...added]);
}

/** The values behind `loadJobMaskSet`. */
export async function loadJobMaskValues(deps: JobMaskDeps, job: Job): Promise<string[]> {
  const sealed = await deps.jobCalls.loadMaskSnapshot(job.id);
  if (sealed) return openMaskValues(deps.secretBox, sealed);
  const run = await deps.runs.getRun(job.runId);
  const repo = run ? await deps.repos.getRepoById(run.repoId) : undefined;
  if (!run || !repo) return [];
  const resolved = await resolveSecretsForRun(deps, { repo, event: run.event });
  return resolved.maskValues ?? [];
}

function openMaskValues(box: SecretBox, sealed: SealedValue): string[] {
  const parsed: unknown = JSON.parse(new TextDecoder().decode(box.open(sealed)));
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}
