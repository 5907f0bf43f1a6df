/**
 * The artifacts of workflow runs (`workflow_artifacts`, SPEC §11, §16; `model/artifact.ts`):
 * plain reads, and the writes a job call makes in its transaction.
 */
import type { Artifact, ArtifactPatch, NewArtifact } from './model/artifact.js';

/** Plain reads of artifacts (the PAT API, the UI, the runner's download). */
export interface ArtifactStore {
  /** Every artifact of the run, any status, in id order. */
  listRun(runId: number): Promise<Artifact[]>;

  /** The artifact, or undefined. */
  get(id: number): Promise<Artifact | undefined>;
}

/**
 * Artifact writes inside one job call's transaction (`JobCallTransaction.artifacts`): they
 * commit or roll back with the spending of the call's token.
 */
export interface ArtifactLedger {
  /** The run's artifact named `name`, locked for update; undefined when there is none. */
  lockByName(runId: number, name: string): Promise<Artifact | undefined>;

  /** The artifact, locked for update; undefined when there is none. */
  lock(id: number): Promise<Artifact | undefined>;

  /**
   * Inserts an `uploading` row with nothing received; `'name_taken'` when the run already
   * has an artifact of that name (a concurrent upload's row included: the unique index decides).
   */
  insert(row: NewArtifact): Promise<Artifact | 'name_taken'>;

  /** Changes a row locked in this transaction; answers it as stored. */
  update(id: number, patch: ArtifactPatch): Promise<Artifact>;
}
