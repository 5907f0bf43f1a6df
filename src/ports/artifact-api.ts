/**
 * The runner's view of the server's artifact calls (SPEC §7.2 extension): uploads in chunks
 * and downloads of the job's run artifacts, every call a link of the job token chain. Like
 * `ControlPlane`, a method throws only on a transport failure (the request may or may not
 * have been applied); every HTTP answer is a return value.
 */
import type { JobCallOutcome } from './control-plane.js';

export interface UploadStart {
  name: string;
  /** The archive's exact size in bytes. */
  size: number;
  /** The archive's SHA-256, lower-case hex. */
  sha256: string;
  /** null: the server's default. */
  retentionDays: number | null;
}

/** Where an upload stands: send the chunk at `receivedBytes`, at most `chunkBytes` long. */
export interface UploadState {
  artifactId: number;
  receivedBytes: number;
  chunkBytes: number;
}

/** A finished artifact of the job's run. */
export interface RunArtifact {
  id: number;
  name: string;
  size: number;
  sha256: string;
}

export interface ArtifactApi {
  /**
   * Starts an upload, or resumes this job's unfinished one of the same name, size and digest
   * (a different size or digest starts it over). 409 when the run has that name already.
   */
  beginUpload(jobId: number, token: string, start: UploadStart): Promise<JobCallOutcome<UploadState>>;

  /** Sends the bytes at `offset`; a chunk the server has already is accepted again. */
  uploadChunk(
    jobId: number,
    token: string,
    chunk: { artifactId: number; offset: number; bytes: Uint8Array },
  ): Promise<JobCallOutcome<{ receivedBytes: number }>>;

  /** Verifies and stores the whole archive; repeating it for a finished artifact answers it again. */
  finishUpload(jobId: number, token: string, artifactId: number): Promise<JobCallOutcome<RunArtifact>>;

  /** The finished, unexpired artifacts the job may download (its run's, and those a rerun kept). */
  listArtifacts(jobId: number, token: string): Promise<JobCallOutcome<RunArtifact[]>>;

  /** The artifact's archive from byte `offset` on, as a stream the caller must read to the end. */
  download(
    jobId: number,
    token: string,
    artifactId: number,
    offset: number,
  ): Promise<JobCallOutcome<AsyncIterable<Uint8Array>>>;
}
