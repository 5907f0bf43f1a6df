import type { Annotation, JobAnnotation } from './model/annotation.js';

/** The annotations of jobs (`workflow_job_annotations`). */
export interface AnnotationStore {
  /**
   * Atomically replaces the annotations of one step of a job (`stepId` null: the job's own)
   * with `annotations`, in order. Idempotent: a resent report stores the same rows once.
   */
  replaceAnnotations(
    jobId: number,
    stepId: number | null,
    annotations: readonly Annotation[],
    at: Date,
  ): Promise<void>;
  /** The job's annotations: steps' in step order (by id), then the job's own, each in order. */
  listAnnotations(jobId: number): Promise<JobAnnotation[]>;
  /** The annotations of these jobs in one read (a run page), by job id, each job's as above. */
  listJobsAnnotations(jobIds: readonly number[]): Promise<JobAnnotation[]>;
}
