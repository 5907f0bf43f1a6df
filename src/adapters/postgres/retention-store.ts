import { and, asc, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type {
  ExpiredArtifact,
  RetentionCutoffs,
  RetentionStore,
  StaleCounts,
} from '../../ports/retention-store.js';
import type { Db } from './database.js';
import { sqlArray } from './run-rows.js';
import {
  runnerJwtUsed,
  workflowArtifacts,
  workflowRuns,
  workflowStepLogChunks,
  workflowSteps,
} from './schema.js';

const TERMINAL_STEPS = ['completed', 'cancelled', 'skipped'];
const TERMINAL_RUNS = ['completed', 'cancelled'];

/** `RetentionStore` on PostgreSQL or PGlite: each method is one statement or one short transaction. */
export class PgRetentionStore implements RetentionStore {
  constructor(private readonly db: Db) {}

  async staleChunkSteps(before: Date, skipStepIds: number[], scanChunks: number): Promise<number[]> {
    const c = workflowStepLogChunks;
    // The oldest stale chunks through `workflow_step_log_chunks_created_idx`, bounded by
    // `scanChunks`, then their steps: each call reads a bounded slice however many are stale.
    const oldest = this.db
      .select({ stepId: c.stepId, createdAt: c.createdAt })
      .from(c)
      .innerJoin(workflowSteps, eq(workflowSteps.id, c.stepId))
      .where(
        and(
          lt(c.createdAt, before),
          inArray(workflowSteps.status, TERMINAL_STEPS),
          skipStepIds.length > 0
            ? sql`NOT (${c.stepId} = ANY(${sqlArray(skipStepIds, 'bigint')}))`
            : undefined,
        ),
      )
      .orderBy(asc(c.createdAt))
      .limit(scanChunks)
      .as('oldest');
    const rows = await this.db
      .select({ stepId: oldest.stepId })
      .from(oldest)
      .groupBy(oldest.stepId)
      .orderBy(sql`min(${oldest.createdAt})`, asc(oldest.stepId));
    return rows.map((r) => r.stepId);
  }

  async expiredArtifacts(now: Date, afterId: number, limit: number): Promise<ExpiredArtifact[]> {
    const a = workflowArtifacts;
    return this.db
      .select({ id: a.id, runId: a.runId, objectKey: a.objectKey })
      .from(a)
      .where(and(lt(a.expiresAt, now), gt(a.id, afterId)))
      .orderBy(asc(a.id))
      .limit(limit);
  }

  async deleteArtifacts(ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.db
      .delete(workflowArtifacts)
      .where(inArray(workflowArtifacts.id, ids))
      .returning({ id: workflowArtifacts.id });
    return rows.length;
  }

  async expiredRuns(before: Date, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .select({ id: workflowRuns.id })
      .from(workflowRuns)
      .where(and(expiredRun(before), gt(workflowRuns.id, afterId)))
      .orderBy(asc(workflowRuns.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async deleteRuns(runIds: number[], before: Date): Promise<number[]> {
    if (runIds.length === 0) return [];
    // The foreign keys cascade to jobs, steps, chunks, carries, the outbox, artifacts,
    // approvals, mask snapshots and consumed tokens, all in this one statement.
    const rows = await this.db
      .delete(workflowRuns)
      .where(and(inArray(workflowRuns.id, runIds), expiredRun(before)))
      .returning({ id: workflowRuns.id });
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  async deleteUsedJwts(before: Date, now: Date, limit: number): Promise<number> {
    const j = runnerJwtUsed;
    const batch = this.db
      .select({ jti: j.jti })
      .from(j)
      .where(and(lt(j.usedAt, before), lt(j.expiresAt, now)))
      .orderBy(asc(j.usedAt))
      .limit(limit);
    const rows = await this.db.delete(j).where(inArray(j.jti, batch)).returning({ jti: j.jti });
    return rows.length;
  }

  async countStale(cutoffs: RetentionCutoffs): Promise<StaleCounts> {
    const c = workflowStepLogChunks;
    const [chunks] = await this.db
      .select({ n: count() })
      .from(c)
      .innerJoin(workflowSteps, eq(workflowSteps.id, c.stepId))
      .where(and(lt(c.createdAt, cutoffs.chunksBefore), inArray(workflowSteps.status, TERMINAL_STEPS)));
    const [runs] = await this.db
      .select({ n: count() })
      .from(workflowRuns)
      .where(expiredRun(cutoffs.runsBefore));
    const j = runnerJwtUsed;
    const [jwts] = await this.db
      .select({ n: count() })
      .from(j)
      .where(and(lt(j.usedAt, cutoffs.jwtUsedBefore), lt(j.expiresAt, cutoffs.now)));
    return { chunks: chunks?.n ?? 0, runs: runs?.n ?? 0, jwtUsed: jwts?.n ?? 0 };
  }
}

/** Unpinned, terminal and completed before `before` (served by `workflow_runs_retention_idx`). */
function expiredRun(before: Date) {
  const r = workflowRuns;
  return and(eq(r.pinned, false), inArray(r.status, TERMINAL_RUNS), lt(r.completedAt, before));
}
