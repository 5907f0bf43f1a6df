/**
 * An annotation a step made with `::error|warning|notice …::message` (or the runner itself,
 * e.g. for job outputs past their limit), stored per job and listed by the API.
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title: string | null;
  /** Path relative to the workspace, as the step wrote it. */
  file: string | null;
  line: number | null;
  endLine: number | null;
  column: number | null;
  endColumn: number | null;
}

/** An annotation as stored (`workflow_job_annotations`). */
export interface JobAnnotation extends Annotation {
  id: number;
  jobId: number;
  /** The step that printed it; null for the job's own (reported with the job status). */
  stepId: number | null;
  createdAt: Date;
}
