/** The read-only queue views of `PgJobQueue`: groups, wait contexts, runner loads, running jobs. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { JobWaitContext, QueueGroup, RunnerLoad, RunningJobView } from '../../ports/model/queue.js';
import type { Job, Run } from '../../ports/model/run.js';
import type { Db } from './database.js';
import { rowsOf, toJob, toRun, toScopedPolicy, toSitePolicy } from './run-rows.js';
import { toRunner } from './runner-store.js';
import {
  actionsOrgPolicies,
  actionsRepoPolicies,
  actionsSitePolicy,
  repos,
  workflowJobs,
  workflowRunners,
  workflowRuns,
} from './schema.js';

const WAITING = sql`status = 'queued' AND runner_id IS NULL AND NOT cancel_requested`;

export async function listQueueGroups(db: Db): Promise<QueueGroup[]> {
  const result = await db.execute(sql`
    SELECT DISTINCT ON (runs_on) runs_on, id,
      (extract(epoch FROM created_at) * 1000)::float8 AS oldest_ms, count(*) OVER (PARTITION BY runs_on)::int AS queued
    FROM workflow_jobs WHERE ${WAITING}
    ORDER BY runs_on, created_at, id`);
  return rowsOf<{ runs_on: string[]; id: number | string; oldest_ms: number; queued: number }>(result).map(
    (r) => ({
      runsOn: r.runs_on,
      queuedJobs: Number(r.queued),
      oldestQueuedAt: new Date(Number(r.oldest_ms)),
      oldestJobId: Number(r.id),
    }),
  );
}

export async function listRunnerLoads(db: Db): Promise<RunnerLoad[]> {
  const runningJobs = sql<number>`(SELECT count(*)::int FROM workflow_jobs j
    WHERE j.runner_id = workflow_runners.id AND j.status = 'running')`;
  const rows = await db
    .select({ runner: workflowRunners, runningJobs })
    .from(workflowRunners)
    .orderBy(asc(workflowRunners.id));
  return rows.map((r) => ({ runner: toRunner(r.runner), runningJobs: Number(r.runningJobs) }));
}

export async function listRunningJobs(
  db: Db,
  filter: { runnerId?: number; limit: number },
): Promise<RunningJobView[]> {
  const rows = await db
    .select({ job: workflowJobs, run: workflowRuns, repo: repos, runner: workflowRunners })
    .from(workflowJobs)
    .innerJoin(workflowRuns, eq(workflowRuns.id, workflowJobs.runId))
    .innerJoin(repos, eq(repos.id, workflowRuns.repoId))
    .leftJoin(workflowRunners, eq(workflowRunners.id, workflowJobs.runnerId))
    .where(
      and(
        eq(workflowJobs.status, 'running'),
        filter.runnerId === undefined ? undefined : eq(workflowJobs.runnerId, filter.runnerId),
      ),
    )
    .orderBy(asc(workflowJobs.startedAt), asc(workflowJobs.id))
    .limit(filter.limit);
  return rows.map((r) => ({
    job: toJob(r.job),
    run: toRun(r.run),
    repository: `${r.repo.ownerName}/${r.repo.name}`,
    runner: r.runner ? toRunner(r.runner) : null,
  }));
}

/** Loads in a handful of set queries, then assembles one context per known job. */
export async function loadWaitContexts(db: Db, jobIds: number[]): Promise<JobWaitContext[]> {
  if (jobIds.length === 0) return [];
  const jobs = (await db.select().from(workflowJobs).where(inArray(workflowJobs.id, jobIds))).map(toJob);
  if (jobs.length === 0) return [];
  const runIds = [...new Set(jobs.map((j) => j.runId))];
  const runs = (await db.select().from(workflowRuns).where(inArray(workflowRuns.id, runIds))).map(toRun);
  const siblings = (await db.select().from(workflowJobs).where(inArray(workflowJobs.runId, runIds))).map(
    toJob,
  );
  const repoRows = await db
    .select()
    .from(repos)
    .where(inArray(repos.id, [...new Set(runs.map((r) => r.repoId))]));
  const [site] = await db.select().from(actionsSitePolicy);
  const orgIds = repoRows.flatMap((r) => (r.ownerOrgId !== null ? [r.ownerOrgId] : []));
  const orgPolicies = orgIds.length
    ? await db.select().from(actionsOrgPolicies).where(inArray(actionsOrgPolicies.orgId, orgIds))
    : [];
  const repoPolicies = await db
    .select()
    .from(actionsRepoPolicies)
    .where(
      inArray(
        actionsRepoPolicies.repoId,
        repoRows.map((r) => r.id),
      ),
    );
  const running = await runningByRepo(db);
  const contexts: JobWaitContext[] = [];
  for (const job of jobs.sort((a, b) => jobIds.indexOf(a.id) - jobIds.indexOf(b.id))) {
    const run = runs.find((r) => r.id === job.runId)!;
    const repo = repoRows.find((r) => r.id === run.repoId)!;
    const sameOwner = (r: (typeof running)[number]) =>
      repo.ownerOrgId !== null ? r.ownerOrgId === repo.ownerOrgId : r.ownerUserId === repo.ownerUserId;
    contexts.push({
      job,
      run,
      needs: siblings
        .filter((s) => s.runId === job.runId && job.needsJobs.includes(s.jobKey))
        .map(({ jobKey, status, conclusion }) => ({ jobKey, status, conclusion })),
      blockingRunId: await blockingRunId(db, run),
      blockingJobId: await blockingJobId(db, job, run.repoId),
      matrixRunningJobs:
        (job.matrixGroup ?? '') === ''
          ? 0
          : siblings.filter(
              (s) => s.runId === job.runId && s.matrixGroup === job.matrixGroup && s.status === 'running',
            ).length,
      repoRunningJobs: running.find((r) => r.repoId === repo.id)?.count ?? 0,
      ownerRunningJobs: running.filter(sameOwner).reduce((n, r) => n + r.count, 0),
      policy: {
        site: toSitePolicy(site),
        org: toScopedPolicy(orgPolicies.find((p) => p.orgId === repo.ownerOrgId)),
        repo: toScopedPolicy(repoPolicies.find((p) => p.repoId === repo.id)),
      },
    });
  }
  return contexts;
}

async function runningByRepo(db: Db) {
  const result = await db.execute(sql`
    SELECT p.id AS repo_id, p.owner_user_id, p.owner_org_id, count(*)::int AS count
    FROM workflow_jobs j JOIN workflow_runs r ON r.id = j.run_id JOIN repos p ON p.id = r.repo_id
    WHERE j.status = 'running' GROUP BY p.id`);
  type Row = {
    repo_id: string | number;
    owner_user_id: string | number | null;
    owner_org_id: string | number | null;
    count: number;
  };
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return rowsOf<Row>(result).map((r) => ({
    repoId: Number(r.repo_id),
    ownerUserId: num(r.owner_user_id),
    ownerOrgId: num(r.owner_org_id),
    count: Number(r.count),
  }));
}

/** The claim's job concurrency rule (claim-sql.ts): a running job of the group, else an older open one. */
async function blockingJobId(db: Db, job: Job, repoId: number): Promise<number | null> {
  const group = job.concurrencyGroup ?? '';
  if (group === '') return null;
  const result = await db.execute(sql`
    SELECT oj.id FROM workflow_jobs oj JOIN workflow_runs orr ON orr.id = oj.run_id
    WHERE oj.concurrency_group = ${group} AND orr.repo_id = ${repoId} AND oj.id <> ${job.id}
      AND NOT oj.cancel_requested
      AND (oj.status = 'running'
           OR (oj.status = 'queued' AND (oj.created_at, oj.id) < (SELECT created_at, id FROM workflow_jobs WHERE id = ${job.id})))
    ORDER BY (oj.status = 'running') DESC, oj.created_at, oj.id LIMIT 1`);
  const [row] = rowsOf<{ id: string | number }>(result);
  return row ? Number(row.id) : null;
}

async function blockingRunId(db: Db, run: Run): Promise<number | null> {
  if (run.concurrencyGroup === '') return null;
  const result = await db.execute(sql`
    SELECT o.id FROM workflow_runs o
    WHERE o.repo_id = ${run.repoId} AND o.concurrency_group = ${run.concurrencyGroup}
      AND (o.created_at, o.id) < (SELECT created_at, id FROM workflow_runs WHERE id = ${run.id})
      AND o.status IN ('queued', 'running')
      AND EXISTS (SELECT 1 FROM workflow_jobs oj WHERE oj.run_id = o.id
                    AND oj.status IN ('queued', 'running') AND NOT oj.cancel_requested)
    ORDER BY o.created_at, o.id LIMIT 1`);
  const [row] = rowsOf<{ id: string | number }>(result);
  return row ? Number(row.id) : null;
}
