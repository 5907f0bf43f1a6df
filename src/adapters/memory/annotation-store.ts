import type { AnnotationStore } from '../../ports/annotation-store.js';
import type { Annotation, JobAnnotation } from '../../ports/model/annotation.js';
import type { MemoryState } from './state.js';

/** In-memory job annotations. */
export class MemoryAnnotationStore implements AnnotationStore {
  constructor(private readonly state: MemoryState) {}

  replaceAnnotations(
    jobId: number,
    stepId: number | null,
    annotations: readonly Annotation[],
    at: Date,
  ): Promise<void> {
    return this.state.transaction((tables) => {
      if (!tables.jobs.has(jobId)) throw new Error(`job ${jobId} does not exist`);
      if (stepId !== null && tables.steps.get(stepId)?.jobId !== jobId)
        throw new Error(`step ${stepId} is not a step of job ${jobId}`);
      tables.annotations = tables.annotations.filter((a) => !(a.jobId === jobId && a.stepId === stepId));
      for (const annotation of annotations) {
        tables.annotations.push({
          ...annotation,
          id: this.state.nextId('workflow_job_annotations'),
          jobId,
          stepId,
          createdAt: new Date(at),
        });
      }
    });
  }

  listAnnotations(jobId: number): Promise<JobAnnotation[]> {
    return this.listJobsAnnotations([jobId]);
  }

  async listJobsAnnotations(jobIds: readonly number[]): Promise<JobAnnotation[]> {
    const wanted = new Set(jobIds);
    return this.state.tables.annotations
      .filter((a) => wanted.has(a.jobId) && this.state.tables.jobs.has(a.jobId))
      .sort(
        (a, b) =>
          a.jobId - b.jobId ||
          (a.stepId ?? Number.MAX_SAFE_INTEGER) - (b.stepId ?? Number.MAX_SAFE_INTEGER) ||
          a.id - b.id,
      )
      .map((a) => ({ ...a }));
  }
}
