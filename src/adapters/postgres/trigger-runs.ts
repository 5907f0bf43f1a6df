import { and, asc, count, eq, gte, inArray } from 'drizzle-orm';
import type { Job, Run } from '../../ports/model/run.js';
import type { TriggerRuns } from '../../ports/trigger-runs.js';
import type { Db } from './database.js';
import { toJob, toRun } from './run-rows.js';
import { workflowJobs, workflowRunApprovals, workflowRuns } from './schema.js';

/** `TriggerRuns` on PostgreSQL or PGlite. */
export class PgTriggerRuns implements TriggerRuns {
  constructor(private readonly db: Db) {}

  async countQueuedRuns(repoId: number): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(workflowRuns)
      .where(and(eq(workflowRuns.repoId, repoId), eq(workflowRuns.status, 'queued')));
    return Number(row?.n ?? 0);
  }

  async countRunsByActorSince(actorUserId: number, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(workflowRuns)
      .where(and(eq(workflowRuns.actorUserId, actorUserId), gte(workflowRuns.createdAt, since)));
    return Number(row?.n ?? 0);
  }

  async listOpenRunsInGroup(repoId: number, group: string): Promise<Run[]> {
    const rows = await this.db
      .select()
      .from(workflowRuns)
      .where(
        and(
          eq(workflowRuns.repoId, repoId),
          eq(workflowRuns.concurrencyGroup, group),
          inArray(workflowRuns.status, ['queued', 'running']),
        ),
      )
      .orderBy(asc(workflowRuns.createdAt), asc(workflowRuns.id));
    return rows.map(toRun);
  }

  async listOpenJobsInGroup(repoId: number, group: string): Promise<Job[]> {
    const rows = await this.db
      .select({ job: workflowJobs })
      .from(workflowJobs)
      .innerJoin(workflowRuns, eq(workflowRuns.id, workflowJobs.runId))
      .where(
        and(
          eq(workflowRuns.repoId, repoId),
          eq(workflowJobs.concurrencyGroup, group),
          inArray(workflowJobs.status, ['queued', 'running']),
        ),
      )
      .orderBy(asc(workflowJobs.createdAt), asc(workflowJobs.id));
    return rows.map((r) => toJob(r.job));
  }

  async requestApproval(runId: number, reason: string, at: Date): Promise<void> {
    await this.db
      .insert(workflowRunApprovals)
      .values({ runId, requestedReason: reason, requestedAt: at })
      .onConflictDoNothing({ target: workflowRunApprovals.runId });
  }
}
