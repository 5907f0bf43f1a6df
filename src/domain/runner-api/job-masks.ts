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
  return (await loadJobMasks(deps, job)).values;
}

/** A job's mask values and set, with the nonce of the snapshot they came from (null: none). */
export interface JobMasks {
  nonce: Uint8Array | null;
  values: string[];
  masks: MaskSet;
}

/** As `loadJobMaskSet`, keeping the values and the snapshot's nonce (its version). */
export async function loadJobMasks(deps: JobMaskDeps, job: Job): Promise<JobMasks> {
  const snapshot = await loadSnapshotMasks(deps, job.id);
  if (snapshot) return snapshot;
  const run = await deps.runs.getRun(job.runId);
  const repo = run ? await deps.repos.getRepoById(run.repoId) : undefined;
  if (!run || !repo) return { nonce: null, values: [], masks: buildMaskSet([]) };
  const resolved = await resolveSecretsForRun(deps, { repo, event: run.event });
  const values = resolved.maskValues ?? [];
  return { nonce: null, values, masks: buildMaskSet(values) };
}

/** The job's snapshot opened, or undefined when it has none. */
export async function loadSnapshotMasks(
  deps: Pick<JobMaskDeps, 'jobCalls' | 'secretBox'>,
  jobId: number,
): Promise<(JobMasks & { nonce: Uint8Array }) | undefined> {
  const sealed = await deps.jobCalls.loadMaskSnapshot(jobId);
  if (!sealed) return undefined;
  const values = openMaskValues(deps.secretBox, sealed);
  return { nonce: sealed.nonce, values, masks: buildMaskSet(values) };
}

function openMaskValues(box: SecretBox, sealed: SealedValue): string[] {
  const parsed: unknown = JSON.parse(new TextDecoder().decode(box.open(sealed)));
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}
