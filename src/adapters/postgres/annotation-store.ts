import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnnotationStore } from '../../ports/annotation-store.js';
import type { Annotation, AnnotationLevel, JobAnnotation } from '../../ports/model/annotation.js';
import type { Db } from './database.js';
import { workflowJobAnnotations, workflowSteps } from './schema.js';

/** Job annotations on PostgreSQL / PGlite. */
export class PgAnnotationStore implements AnnotationStore {
  constructor(private readonly db: Db) {}

  replaceAnnotations(
    jobId: number,
    stepId: number | null,
    annotations: readonly Annotation[],
    at: Date,
  ): Promise<void> {
    const t = workflowJobAnnotations;
    return this.db.transaction(async (tx) => {
      if (stepId !== null) {
        // Locks the step: two replacements of one step's annotations take turns.
        const [step] = await tx
          .select({ jobId: workflowSteps.jobId })
          .from(workflowSteps)
          .where(eq(workflowSteps.id, stepId))
          .for('update');
        if (step?.jobId !== jobId) throw new Error(`step ${stepId} is not a step of job ${jobId}`);
      } else {
        await tx.execute(sql`SELECT id FROM workflow_jobs WHERE id = ${jobId} FOR UPDATE`);
      }
      await tx
        .delete(t)
        .where(and(eq(t.jobId, jobId), stepId === null ? isNull(t.stepId) : eq(t.stepId, stepId)));
      if (annotations.length === 0) return;
      await tx.insert(t).values(
        annotations.map((a) => ({
          jobId,
          stepId,
          level: a.level,
          message: a.message,
          title: a.title,
          file: a.file,
          line: a.line,
          endLine: a.endLine,
          col: a.column,
          endColumn: a.endColumn,
          createdAt: at,
        })),
      );
    });
  }

  async listAnnotations(jobId: number): Promise<JobAnnotation[]> {
    const t = workflowJobAnnotations;
    const rows = await this.db
      .select()
      .from(t)
      .where(eq(t.jobId, jobId))
      .orderBy(sql`${t.stepId} ASC NULLS LAST`, asc(t.id));
    return rows.map(toAnnotation);
  }

  async listJobsAnnotations(jobIds: readonly number[]): Promise<JobAnnotation[]> {
    if (jobIds.length === 0) return [];
    const t = workflowJobAnnotations;
    const rows = await this.db
      .select()
      .from(t)
      .where(inArray(t.jobId, [...jobIds]))
      .orderBy(asc(t.jobId), sql`${t.stepId} ASC NULLS LAST`, asc(t.id));
    return rows.map(toAnnotation);
  }
}

// --- row ↔ domain -------------------------------------------------------------------

function toAnnotation(row: typeof workflowJobAnnotations.$inferSelect): JobAnnotation {
  return {
    id: row.id,
    jobId: row.jobId,
    stepId: row.stepId,
    level: row.level as AnnotationLevel,
    message: row.message,
    title: row.title,
    file: row.file,
    line: row.line,
    endLine: row.endLine,
    column: row.col,
    endColumn: row.endColumn,
    createdAt: row.createdAt,
  };
}
