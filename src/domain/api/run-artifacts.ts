/**
 * A repository's artifacts through the PAT API (GitHub's `actions/artifacts` routes): the
 * finished artifacts of a run, one artifact, and its archive for the zip download. Rows of an
 * upload in progress are never shown; an expired artifact is listed (`expired: true`) until
 * the retention sweep removes it, but its archive is no longer served.
 */

import type { ArtifactStore } from '../../ports/artifact-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Artifact } from '../../ports/model/artifact.js';
import type { Run } from '../../ports/model/run.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { RunStore } from '../../ports/run-store.js';
import { notFound } from '../errors.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, readInteger } from './list-runs.js';

export interface ArtifactListQuery {
  name?: string;
  per_page?: string;
  page?: string;
}

/**
 * The run's finished artifacts in id order, `name` (exact) filtering, a page of them.
 * invalid `request.query_invalid` for a bad `per_page` or `page`.
 */
export async function listRunArtifacts(
  deps: { artifacts: ArtifactStore },
  input: { runId: number; query: ArtifactListQuery },
): Promise<{ totalCount: number; artifacts: Artifact[] }> {
  const perPage = readInteger('per_page', input.query.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = readInteger('page', input.query.page, 1, 1_000_000);
  const all = (await deps.artifacts.listRun(input.runId)).filter(
    (a) => a.status === 'ready' && (input.query.name === undefined || a.name === input.query.name),
  );
  return { totalCount: all.length, artifacts: all.slice((page - 1) * perPage, page * perPage) };
}

/** A finished artifact of the repository with its run; not_found `artifact.not_found` otherwise. */
export async function findRepoArtifact(
  deps: { artifacts: ArtifactStore; runs: RunStore },
  input: { repoId: number; artifactId: number },
): Promise<{ artifact: Artifact; run: Run }> {
  const missing = () => notFound('artifact.not_found', `artifact ${input.artifactId} not found`);
  const artifact = await deps.artifacts.get(input.artifactId);
  if (artifact?.status !== 'ready') throw missing();
  const run = await deps.runs.getRun(artifact.runId);
  if (run?.repoId !== input.repoId) throw missing();
  return { artifact, run };
}

/** Whether the artifact is past its `expires_at`. */
export function isExpired(artifact: Artifact, now: Date): boolean {
  return artifact.expiresAt <= now;
}

/**
 * The artifact's archive, or `expired` (GitHub answers 410 Gone). not_found
 * `artifact.not_found` when its object is missing.
 */
export async function openArtifactArchive(
  deps: { objects: ObjectStore; clock: Clock },
  artifact: Artifact,
): Promise<{ kind: 'expired' } | { kind: 'ok'; body: AsyncIterable<Uint8Array> }> {
  if (isExpired(artifact, deps.clock.now())) return { kind: 'expired' };
  const body = await deps.objects.get(artifact.objectKey);
  if (!body) throw notFound('artifact.not_found', `artifact ${artifact.id} has no stored archive`);
  return { kind: 'ok', body };
}
