/**
 * What one server process keeps per running job between its log chunks (SPEC §20 log
 * ingest): the mask set opened from the job's sealed snapshot, the snapshot's nonce (its
 * version: every save seals with a fresh nonce), and per step where the log stands and the
 * carry after it. Nothing here is trusted on its own: `JobCallStore.appendIfCurrent`
 * checks the nonce and the step's position in the same statement that stores, so a stale
 * entry (masks added, a chunk stored by another replica, a step ended) costs one trip
 * through the full path, never a chunk scrubbed with the wrong masks or carry.
 *
 * Bounded: least recently used jobs beyond `maxJobs` are dropped (a job that ends on this
 * process is dropped at once).
 */
import type { MaskSet } from '../logs/mask-set.js';
import type { StepLogPosition } from './log-carry.js';

export interface JobLogState {
  /** The nonce of the mask snapshot `masks` came from. */
  maskNonce: Uint8Array;
  masks: MaskSet;
  /** By step id. */
  steps: Map<number, StepLogPosition>;
}

export interface JobLogCache {
  /** The job's state, marked as recently used. */
  get(jobId: number): JobLogState | undefined;
  set(jobId: number, state: JobLogState): void;
  /** Records where a step stands (undefined: unknown, the next chunk takes the full path). */
  setStep(jobId: number, stepId: number, position: StepLogPosition | undefined): void;
  forget(jobId: number): void;
}

/** A cache of at most `maxJobs` jobs. */
export function createJobLogCache(maxJobs = 1024): JobLogCache {
  const jobs = new Map<number, JobLogState>();
  return {
    get(jobId) {
      const state = jobs.get(jobId);
      if (state) {
        // Map keeps insertion order: re-inserting marks the entry as the newest.
        jobs.delete(jobId);
        jobs.set(jobId, state);
      }
      return state;
    },
    set(jobId, state) {
      jobs.delete(jobId);
      jobs.set(jobId, state);
      for (const oldest of jobs.keys()) {
        if (jobs.size <= maxJobs) break;
        jobs.delete(oldest);
      }
    },
    setStep(jobId, stepId, position) {
      const state = jobs.get(jobId);
      if (!state) return;
      if (position) state.steps.set(stepId, position);
      else state.steps.delete(stepId);
    },
    forget(jobId) {
      jobs.delete(jobId);
    },
  };
}
