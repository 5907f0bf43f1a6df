/**
 * Log chunks kept on disk from the moment they are cut until the server acknowledged them
 * (SPEC §11): a server outage holds the backlog on disk, not in memory, and loses nothing.
 */
export interface SpoolKey {
  jobId: number;
  stepId: number;
  seq: number;
}

export interface LogSpool {
  /** Stores a chunk durably (write then rename); putting the same key again replaces it. */
  put(key: SpoolKey, bytes: Uint8Array): Promise<void>;
  /** Reads a stored chunk; throws when it is missing. */
  read(key: SpoolKey): Promise<Uint8Array>;
  /** Forgets an acknowledged chunk. Idempotent. */
  drop(key: SpoolKey): Promise<void>;
  /** Forgets every chunk of a job. Idempotent. */
  clearJob(jobId: number): Promise<void>;
  /** Jobs that still have chunks (leftovers of an earlier process, at start-up). */
  listJobs(): Promise<number[]>;
}
