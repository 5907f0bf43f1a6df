/**
 * The download half of the runner's artifact calls: `GET /jobs/{id}/artifacts` lists what the
 * job may download, `GET /jobs/{id}/artifacts/{artifact_id}` streams one archive. A job sees
 * the finished, unexpired artifacts of its run — and, for a rerun, those of the runs it was
 * rerun from (a rerun of failed jobs keeps the jobs that succeeded, not their uploads), the
 * nearest run's winning a name.
 */

import type { ArtifactStore } from '../../ports/artifact-store.js';
import type { MintedJobToken } from '../../ports/job-tokens.js';
import type { Artifact } from '../../ports/model/artifact.js';
import type { RunStore } from '../../ports/run-store.js';
import { notFound } from '../errors.js';
import type { ArtifactCallDeps } from './artifact-call.js';
import type { JobCall } from './authorise-job-call.js';
import { commitJobCall, mintApiToken } from './commit-job-call.js';

/** Runs followed back through `parent_run_id` (a rerun of a rerun …). */
const MAX_RERUN_DEPTH = 20;

export type ArtifactReadDeps = ArtifactCallDeps & { runs: RunStore };

/** What the job may download (see the file comment), spending the call's token. */
export async function listJobArtifacts(
  deps: ArtifactReadDeps,
  call: JobCall,
): Promise<{ artifacts: Artifact[]; nextToken: MintedJobToken }> {
  const artifacts = await visibleArtifacts(deps, call.job.runId, deps.clock.now());
  await commitJobCall(deps, call, 'first', async () => undefined);
  return { artifacts, nextToken: await mintApiToken(deps, call.token) };
}

/**
 * The archive of an artifact the job may download, from byte `offset`, spending the call's
 * token once the object is open. not_found `artifact.not_found` for any other artifact or
 * one whose object is gone.
 */
export async function openJobArtifact(
  deps: ArtifactReadDeps,
  call: JobCall,
  input: { artifactId: number; offset: number },
): Promise<{ artifact: Artifact; body: AsyncIterable<Uint8Array>; nextToken: MintedJobToken }> {
  const missing = () => notFound('artifact.not_found', `artifact ${input.artifactId} not found`);
  const visible = await visibleArtifacts(deps, call.job.runId, deps.clock.now());
  const artifact = visible.find((a) => a.id === input.artifactId);
  if (!artifact || input.offset > artifact.byteCount) throw missing();
  const body = await deps.objects.get(artifact.objectKey, { offset: input.offset });
  if (!body) throw missing();
  try {
    await commitJobCall(deps, call, 'first', async () => undefined);
  } catch (err) {
    await body[Symbol.asyncIterator]().return?.();
    throw err;
  }
  return { artifact, body, nextToken: await mintApiToken(deps, call.token) };
}

/** The finished, unexpired artifacts of the run and the runs it reruns, one per name, nearest first. */
export async function visibleArtifacts(
  deps: { artifacts: ArtifactStore; runs: RunStore },
  runId: number,
  now: Date,
): Promise<Artifact[]> {
  const byName = new Map<string, Artifact>();
  let next: number | null = runId;
  for (let depth = 0; next !== null && depth <= MAX_RERUN_DEPTH; depth++) {
    for (const artifact of await deps.artifacts.listRun(next)) {
      const usable = artifact.status === 'ready' && artifact.expiresAt > now;
      if (usable && !byName.has(artifact.name)) byName.set(artifact.name, artifact);
    }
    next = (await deps.runs.getRun(next))?.parentRunId ?? null;
  }
  return [...byName.values()];
}
