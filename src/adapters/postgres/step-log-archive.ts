import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { StepStatus } from '../../ports/model/run.js';
import type {
  ArchivedLog,
  ArchiveRecord,
  PendingFinalisation,
  StepLogArchive,
  StoredStepLog,
} from '../../ports/step-log-archive.js';
import type { Db } from './database.js';
import { decodeLogTimes, encodeLogTimes } from './log-times-codec.js';
import { sqlArray } from './run-rows.js';
import {
  workflowJobs,
  workflowStepLogCarries,
  workflowStepLogChunks,
  workflowStepLogHeldChunks,
  workflowStepLogOutbox,
  workflowStepLogTimes,
  workflowSteps,
} from './schema.js';

function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `StepLogArchive` on PostgreSQL or PGlite. */
export class PgStepLogArchive implements StepLogArchive {
  constructor(private readonly db: Db) {}

  async listDue(now: Date, limit: number): Promise<PendingFinalisation[]> {
    const o = workflowStepLogOutbox;
    return this.db
      .select({ stepId: o.stepId, attempts: o.attempts })
      .from(o)
      .where(lte(o.nextAttemptAt, now))
      .orderBy(asc(o.nextAttemptAt), asc(o.stepId))
      .limit(limit);
  }

  readStoredLog(stepId: number): Promise<StoredStepLog | undefined> {
    // One snapshot for the row and the chunks: a finalisation committing between two
    // READ COMMITTED statements would otherwise count its chunks twice or not at all.
    return this.db.transaction(
      async (tx) => {
        const s = workflowSteps;
        const [row] = await tx
          .select({
            stepId: s.id,
            jobId: s.jobId,
            runId: workflowJobs.runId,
            stepIndex: s.stepIndex,
            status: s.status,
            key: s.logObjectKey,
            byteCount: s.logByteCount,
            sha256: s.logSha256,
            marks: workflowStepLogTimes.marks,
          })
          .from(s)
          .innerJoin(workflowJobs, eq(workflowJobs.id, s.jobId))
          .leftJoin(workflowStepLogTimes, eq(workflowStepLogTimes.stepId, s.id))
          .where(eq(s.id, stepId));
        if (!row) return undefined;
        const c = workflowStepLogChunks;
        // As base64 text: PGlite parses a bytea column some 20 times slower (about a second
        // for a 5 MiB log), and the live tail and the job page read hot logs often.
        const rows = await tx
          .select({
            stepId: c.stepId,
            seq: c.seq,
            chunk: sql<string>`encode(${c.chunk}, 'base64')`,
            createdAt: c.createdAt,
          })
          .from(c)
          .where(eq(c.stepId, stepId))
          .orderBy(asc(c.seq));
        const chunks = rows.map((r) => ({ ...r, chunk: fromBase64(r.chunk) }));
        const [carry] = await tx
          .select({ n: count() })
          .from(workflowStepLogCarries)
          .where(eq(workflowStepLogCarries.stepId, stepId));
        const [held] = await tx
          .select({ n: count() })
          .from(workflowStepLogHeldChunks)
          .where(eq(workflowStepLogHeldChunks.stepId, stepId));
        const { key, byteCount, sha256, marks, ...step } = row;
        return {
          ...step,
          status: row.status as StepStatus,
          archived: key !== null && sha256 !== null ? { key, byteCount, sha256 } : null,
          archivedTimes: marks === null ? [] : decodeLogTimes(marks),
          chunks,
          hasCarry: (carry?.n ?? 0) + (held?.n ?? 0) > 0,
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  recordArchive(input: ArchiveRecord, at: Date): Promise<'recorded' | 'stale' | 'gone'> {
    return this.db.transaction(async (tx) => {
      const s = workflowSteps;
      const [row] = await tx
        .select({ key: s.logObjectKey, byteCount: s.logByteCount, sha256: s.logSha256 })
        .from(s)
        .where(eq(s.id, input.stepId))
        .for('update');
      if (!row) return 'gone';
      if (!sameArchive(row, input.expected)) return 'stale';
      const { archived } = input;
      if (archived && !sameArchive(row, archived)) {
        await tx
          .update(s)
          .set({
            logObjectKey: archived.key,
            logByteCount: archived.byteCount,
            logSha256: archived.sha256,
            updatedAt: at,
            version: sql`${s.version} + 1`,
          })
          .where(eq(s.id, input.stepId));
        const marks = encodeLogTimes(input.times);
        await tx
          .insert(workflowStepLogTimes)
          .values({ stepId: input.stepId, marks })
          .onConflictDoUpdate({ target: workflowStepLogTimes.stepId, set: { marks } });
      }
      const c = workflowStepLogChunks;
      if (input.seqs.length > 0) {
        // One array parameter: a long step can have more chunks than a statement has parameters.
        await tx
          .delete(c)
          .where(and(eq(c.stepId, input.stepId), sql`${c.seq} = ANY(${sqlArray(input.seqs, 'bigint')})`));
      }
      const [left] = await tx.select({ n: count() }).from(c).where(eq(c.stepId, input.stepId));
      if ((left?.n ?? 0) === 0) {
        await tx.delete(workflowStepLogOutbox).where(eq(workflowStepLogOutbox.stepId, input.stepId));
      }
      return 'recorded';
    });
  }

  async deferFinalisation(stepId: number, retryAt: Date, error: string): Promise<void> {
    const o = workflowStepLogOutbox;
    await this.db
      .update(o)
      .set({ attempts: sql`${o.attempts} + 1`, nextAttemptAt: retryAt, lastError: error.slice(0, 1000) })
      .where(eq(o.stepId, stepId));
  }

  async queueFinalisation(stepIds: number[], at: Date): Promise<void> {
    await queueStepLogs(this.db, stepIds, at);
  }
}

/**
 * Puts existing steps in the outbox, due at `at` (an entry already there is kept). Shared
 * with the ledgers, which call it inside their own transaction.
 */
export async function queueStepLogs(db: Db, stepIds: number[], at: Date): Promise<void> {
  if (stepIds.length === 0) return;
  const o = workflowStepLogOutbox;
  const instant = sql`${at.toISOString()}::timestamptz`;
  await db.execute(sql`
    INSERT INTO ${o} (${sql.identifier(o.stepId.name)}, ${sql.identifier(o.queuedAt.name)}, ${sql.identifier(o.nextAttemptAt.name)})
    SELECT ${workflowSteps.id}, ${instant}, ${instant} FROM ${workflowSteps}
    WHERE ${inArray(workflowSteps.id, [...new Set(stepIds)])}
    ON CONFLICT DO NOTHING`);
}

function sameArchive(
  row: { key: string | null; byteCount: number; sha256: string | null },
  archive: ArchivedLog | null,
): boolean {
  if (!archive) return row.key === null;
  return row.key === archive.key && row.byteCount === archive.byteCount && row.sha256 === archive.sha256;
}
