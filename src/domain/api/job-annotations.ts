/** A job's annotations as the API lists them (workflow parity). */
import type { AnnotationStore } from '../../ports/annotation-store.js';
import type { JobAnnotation } from '../../ports/model/annotation.js';

/** The job's annotations: its steps' in step order, then the job's own. Read-only. */
export function listJobAnnotations(
  deps: { annotations: AnnotationStore },
  input: { jobId: number },
): Promise<JobAnnotation[]> {
  return deps.annotations.listAnnotations(input.jobId);
}

/** The annotations of these jobs (a run's), by job id, each job's as `listJobAnnotations`. Read-only. */
export function listJobsAnnotations(
  deps: { annotations: AnnotationStore },
  input: { jobIds: readonly number[] },
): Promise<JobAnnotation[]> {
  return deps.annotations.listJobsAnnotations(input.jobIds);
}
