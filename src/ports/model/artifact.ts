/**
 * A run's artifact (`workflow_artifacts`, SPEC §11, §16): one row per uploaded artifact, its
 * bytes one object at `object_key` in the `ObjectStore`. A row is `uploading` while the runner
 * sends chunks and `ready` once the whole archive was stored and verified.
 */

export type ArtifactStatus = 'uploading' | 'ready';

export interface Artifact {
  id: number;
  runId: number;
  /** The job that uploaded it; null for rows written before uploads existed. */
  jobId: number | null;
  /** Unique within the run. */
  name: string;
  objectKey: string;
  /** The archive's size in bytes, as declared when the upload began. */
  byteCount: number;
  /** The archive's SHA-256, lower-case hex ('' for rows written before uploads existed). */
  sha256: string;
  status: ArtifactStatus;
  /** Bytes received so far (the next chunk's offset); `byteCount` once ready. */
  receivedBytes: number;
  /** Days the artifact is kept once ready. */
  retentionDays: number;
  createdAt: Date;
  updatedAt: Date;
  /** An uploading row expires a day after its last chunk; a ready one `retentionDays` after it was finished. */
  expiresAt: Date;
}

/** A new `uploading` row. */
export interface NewArtifact {
  runId: number;
  jobId: number;
  name: string;
  objectKey: string;
  byteCount: number;
  sha256: string;
  retentionDays: number;
  expiresAt: Date;
}

/** What may change on a row (`updated_at` follows the transaction's instant). */
export type ArtifactPatch = Partial<
  Pick<Artifact, 'byteCount' | 'sha256' | 'status' | 'receivedBytes' | 'retentionDays' | 'expiresAt'>
>;
