/** What every artifact job call shares (`artifact-upload.ts`, `artifact-finish.ts`, `artifact-download.ts`). */

import type { ArtifactStore } from '../../ports/artifact-store.js';
import type { JobTokens } from '../../ports/job-tokens.js';
import type { Artifact } from '../../ports/model/artifact.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { Random } from '../../ports/random.js';
import type { ArtifactSettings } from '../artifacts/artifact-settings.js';
import { conflict, notFound } from '../errors.js';
import { artifactPartsPrefix } from '../storage/object-keys.js';
import type { JobCall } from './authorise-job-call.js';
import type { CommitDeps } from './commit-job-call.js';

export type ArtifactCallDeps = CommitDeps & {
  jobTokens: JobTokens;
  artifacts: ArtifactStore;
  objects: ObjectStore;
  random: Random;
  artifactSettings: ArtifactSettings;
};

/** The job's own upload; not_found `artifact.not_found` for any other artifact. */
export async function ownUpload(
  deps: { artifacts: ArtifactStore },
  call: JobCall,
  id: number,
): Promise<Artifact> {
  const artifact = await deps.artifacts.get(id);
  if (!artifact || artifact.runId !== call.job.runId || artifact.jobId !== call.job.id)
    throw notFound('artifact.not_found', `artifact ${id} not found`);
  return artifact;
}

/** Removes the chunks of an upload (after it was finished, or started over). */
export async function deleteParts(objects: ObjectStore, objectKey: string): Promise<void> {
  for (const part of await objects.list(artifactPartsPrefix(objectKey))) await objects.delete(part.key);
}

/** conflict `job.not_running` unless the job is running. */
export function checkRunning(call: JobCall): void {
  if (call.job.status !== 'running') throw conflict('job.not_running', `job ${call.job.id} is not running`);
}
