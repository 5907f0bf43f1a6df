import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { RunApproval, StepLogChunk } from '../../ports/model/run.js';
import type { PageRequest, RunFilter, RunPage, RunQueries } from '../../ports/run-queries.js';
import type { Db } from './database.js';
import { toRun } from './run-rows.js';
import { workflowRunApprovals, workflowRuns, workflowStepLogChunks } from './schema.js';

/** `RunQueries` on PostgreSQL or PGlite: plain reads, no locks. */
export class PgRunQueries implements RunQueries {
  constructor(private readonly db: Db) {}

  async listRuns(filter: RunFilter, page: PageRequest): Promise<RunPage> {
    const r = workflowRuns;
    // The window count rides on the page's own statement, so total and page agree.
    const rows = await this.db
      .select({ run: r, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(r)
      .where(and(...conditions(filter)))
      .orderBy(desc(r.id))
      .limit(page.limit)
      .offset(page.offset);
    if (rows.length > 0) return { totalCount: rows[0]!.total, runs: rows.map((row) => toRun(row.run)) };
    // An empty page past the end still reports how many runs match.
    const [counted] = await this.db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(r)
      .where(and(...conditions(filter)));
    return { totalCount: counted?.total ?? 0, runs: [] };
  }

  async getRunApproval(runId: number): Promise<RunApproval | undefined> {
    const [row] = await this.db
      .select()
      .from(workflowRunApprovals)
      .where(eq(workflowRunApprovals.runId, runId));
    return row ? toRunApproval(row) : undefined;
  }

  async listLogChunks(stepIds: number[]): Promise<StepLogChunk[]> {
    if (stepIds.length === 0) return [];
    const c = workflowStepLogChunks;
    const rows = await this.db
      .select({ stepId: c.stepId, seq: c.seq, chunk: c.chunk, createdAt: c.createdAt })
      .from(c)
      .where(inArray(c.stepId, stepIds))
      .orderBy(asc(c.stepId), asc(c.seq));
    return rows;
  }
}

function conditions(f: RunFilter): (SQL | undefined)[] {
  const r = workflowRuns;
  const anyOf = (column: PgColumn, values: readonly string[] | undefined) =>
    values === undefined ? undefined : values.length === 0 ? sql`false` : inArray(column, [...values]);
  return [
    eq(r.repoId, f.repoId),
    anyOf(r.status, f.statuses),
    f.conclusion === undefined ? undefined : eq(r.conclusion, f.conclusion),
    f.event === undefined ? undefined : eq(r.event, f.event),
    anyOf(r.headRef, f.headRefs),
    anyOf(r.workflowFile, f.workflowFiles),
    f.actorUserId === undefined ? undefined : eq(r.actorUserId, f.actorUserId),
    f.runIndex === undefined ? undefined : eq(r.runIndex, f.runIndex),
  ];
}

type ApprovalRow = typeof workflowRunApprovals.$inferSelect;

export function toRunApproval(row: ApprovalRow): RunApproval {
  return {
    runId: row.runId,
    requestedReason: row.requestedReason,
    requestedAt: row.requestedAt,
    approvedByUserId: row.approvedByUserId,
    approvedAt: row.approvedAt,
    rejectedByUserId: row.rejectedByUserId,
    rejectedAt: row.rejectedAt,
  };
}
