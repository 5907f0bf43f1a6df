/**
 * Sweep kind 2, `blobs` (SPEC §16): expired artifact rows, each deleted only after the
 * object at its `object_key` is (one object per row), and the chunks of an upload that was
 * never finished (`<object_key>.parts/`, expired a day after its last chunk). An object-store
 * failure keeps the row for the next sweep. A key outside `actions/runs/<id>/`
 * means the row is not what the sweep may delete from: the sweep stops with an error
 * before touching anything of that batch.
 */
import type { ObjectStore } from '../../ports/object-store.js';
import type { ExpiredArtifact, RetentionCutoffs, RetentionStore } from '../../ports/retention-store.js';
import { DomainError } from '../errors.js';
import { artifactPartsPrefix, isRunObjectKey } from '../storage/object-keys.js';
import type { PhaseResult } from './prune-log-chunks.js';

export type PruneArtifactsDeps = { retention: RetentionStore; objects: ObjectStore };

/** Artifact rows listed (and their objects deleted) per batch. */
export const ARTIFACT_BATCH = 100;

/**
 * Deletes the objects, then the rows, of expired artifacts in batches. unprocessable
 * `retention.object_key_outside_runs` when a listed row's key is outside `actions/runs/`.
 */
export async function pruneArtifacts(
  deps: PruneArtifactsDeps,
  cutoffs: RetentionCutoffs,
  onBatch: (deleted: number) => void,
): Promise<PhaseResult> {
  const result: PhaseResult = { deleted: 0, failures: 0 };
  for (let afterId = 0; ; ) {
    const batch = await listExpiredArtifacts(deps, cutoffs, afterId);
    if (batch.length === 0) return result;
    afterId = batch[batch.length - 1]!.id;
    const cleared: number[] = [];
    for (const artifact of batch) {
      try {
        await deps.objects.delete(artifact.objectKey);
        for (const part of await deps.objects.list(artifactPartsPrefix(artifact.objectKey)))
          await deps.objects.delete(part.key);
        cleared.push(artifact.id);
      } catch {
        result.failures++;
      }
    }
    const deleted = await deps.retention.deleteArtifacts(cleared);
    result.deleted += deleted;
    onBatch(deleted);
  }
}

/** One batch of expired artifacts after `afterId`, every key checked (see the file comment). */
export async function listExpiredArtifacts(
  deps: { retention: RetentionStore },
  cutoffs: RetentionCutoffs,
  afterId: number,
): Promise<ExpiredArtifact[]> {
  const batch = await deps.retention.expiredArtifacts(cutoffs.now, afterId, ARTIFACT_BATCH);
  const outside = batch.find((a) => !isRunObjectKey(a.objectKey));
  if (outside) {
    throw new DomainError(
      'unprocessable',
      'retention.object_key_outside_runs',
      `artifact ${outside.id} names object ${JSON.stringify(outside.objectKey)}, outside actions/runs/: the sweep stopped`,
    );
  }
  return batch;
}
