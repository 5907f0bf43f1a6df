/**
 * The runner's view of the server (SPEC §7): the heartbeat with the registration token and
 * the job calls with the job JWT chain. Every method throws only when the server could not
 * be reached or answered garbage (transport failure: the request may or may not have been
 * applied); every HTTP answer, good or bad, is a return value.
 */
import type { Assignment, StatusReport } from './model/assignment.js';

export interface HeartbeatInput {
  labels: readonly string[];
  capacity: number;
  hostName: string;
  version: string;
  activeJobIds: readonly number[];
  /** 0 disables the long poll. */
  waitSeconds: number;
}

/** A non-2xx answer. `retryAfterMs` comes from `Retry-After` (429). */
export interface Rejection {
  kind: 'rejected';
  status: number;
  code: string;
  message: string;
  retryAfterMs: number | null;
}

/**
 * `tokenExpiresAt`: when the registration token expires, as the server said (extension;
 * undefined when it did not say, e.g. the original server or a token that never expires).
 */
export type HeartbeatOutcome =
  | { kind: 'claimed'; assignment: Assignment; tokenExpiresAt?: Date }
  | { kind: 'idle'; tokenExpiresAt?: Date }
  | Rejection;

/** `nextToken` is null only where the chain ends (a terminal job status). */
export type JobCallOutcome<T> = { kind: 'ok'; value: T; nextToken: string | null } | Rejection;

export interface LogChunk {
  stepId: number;
  seq: number;
  bytes: Uint8Array;
  /** Values `::add-mask::` added that no earlier call carried (the server masks them too). */
  addMasks?: string[];
}

export interface ControlPlane {
  /** One heartbeat; may claim one job. `signal` aborts a long poll (the call then throws). */
  heartbeat(input: HeartbeatInput, signal?: AbortSignal): Promise<HeartbeatOutcome>;
  /** Appends one log chunk; resending a (step, seq) the server has is a no-op that answers ok. */
  appendLog(jobId: number, token: string, chunk: LogChunk): Promise<JobCallOutcome<void>>;
  /** Reports a step status; repeating the same terminal report is accepted. */
  reportStep(
    jobId: number,
    token: string,
    stepId: number,
    report: StatusReport,
  ): Promise<JobCallOutcome<void>>;
  /** Reports the job status; a terminal answer ends the chain (`nextToken` null). */
  reportJob(jobId: number, token: string, report: StatusReport): Promise<JobCallOutcome<void>>;
  /** Whether a cancel was requested for the job. */
  checkCancel(jobId: number, token: string): Promise<JobCallOutcome<boolean>>;
  /**
   * Mints a fresh job token with the registration token (chain recovery after a lost
   * answer); the token is `nextToken`. 404 when the job is no longer running on this runner.
   */
  recoverToken(jobId: number): Promise<JobCallOutcome<void>>;
}
