/** Reads the memory tables into the shapes the claim and the queue views decide on. */
import type { JobWaitContext, PolicyChain, RunnerLoad } from '../../ports/model/queue.js';
import type { Job, Run } from '../../ports/model/run.js';
import type { MemoryTables } from './state.js';

/** Running-job counts by runner, repo and owner (`user:<id>` / `org:<id>`), taken once. */
export interface RunningCounts {
  byRunner: Map<number, number>;
  byRepo: Map<number, number>;
  byOwner: Map<string, number>;
}

export function countRunning(tables: MemoryTables): RunningCounts {
  const counts: RunningCounts = { byRunner: new Map(), byRepo: new Map(), byOwner: new Map() };
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const job of tables.jobs.values()) {
    if (job.status !== 'running') continue;
    if (job.runnerId !== null) bump(counts.byRunner, job.runnerId);
    const run = tables.runs.get(job.runId);
    if (!run) continue;
    bump(counts.byRepo, run.repoId);
    const owner = ownerKey(tables, run.repoId);
    if (owner) bump(counts.byOwner, owner);
  }
  return counts;
}

function ownerKey(tables: MemoryTables, repoId: number): string | undefined {
  const repo = tables.repos.get(repoId);
  if (!repo) return undefined;
  return repo.ownerOrgId !== null ? `org:${repo.ownerOrgId}` : `user:${repo.ownerUserId}`;
}

export function policyChain(tables: MemoryTables, repoId: number): PolicyChain {
  const orgId = tables.repos.get(repoId)?.ownerOrgId ?? null;
  return {
    site: tables.sitePolicy,
    org: orgId !== null ? (tables.orgPolicies.get(orgId) ?? null) : null,
    repo: tables.repoPolicies.get(repoId) ?? null,
  };
}

/** An older run of the same non-empty concurrency group that still has open jobs. */
function blockingRun(tables: MemoryTables, run: Run): Run | undefined {
  if (run.concurrencyGroup === '') return undefined;
  const older = (o: Run) =>
    o.createdAt < run.createdAt || (o.createdAt.getTime() === run.createdAt.getTime() && o.id < run.id);
  return [...tables.runs.values()].find(
    (o) =>
      o.repoId === run.repoId &&
      o.concurrencyGroup === run.concurrencyGroup &&
      older(o) &&
      (o.status === 'queued' || o.status === 'running') &&
      [...tables.jobs.values()].some(
        (j) => j.runId === o.id && (j.status === 'queued' || j.status === 'running') && !j.cancelRequested,
      ),
  );
}

/**
 * For a job with its own concurrency group: a running job of the group in the repository,
 * else an older open one not cancel-requested (the claim's rule, claim-sql.ts).
 */
function blockingJob(tables: MemoryTables, job: Job, repoId: number): Job | undefined {
  const group = job.concurrencyGroup ?? '';
  if (group === '') return undefined;
  const older = (o: Job) =>
    o.createdAt < job.createdAt || (o.createdAt.getTime() === job.createdAt.getTime() && o.id < job.id);
  const inGroup = [...tables.jobs.values()].filter(
    (o) =>
      o.id !== job.id &&
      (o.concurrencyGroup ?? '') === group &&
      !o.cancelRequested &&
      tables.runs.get(o.runId)?.repoId === repoId,
  );
  return (
    inGroup.find((o) => o.status === 'running') ?? inGroup.find((o) => o.status === 'queued' && older(o))
  );
}

/** Running jobs of the job's matrix: same run, same `matrixGroup`. */
function matrixRunning(tables: MemoryTables, job: Job): number {
  const group = job.matrixGroup ?? '';
  if (group === '') return 0;
  return [...tables.jobs.values()].filter(
    (o) => o.runId === job.runId && o.matrixGroup === group && o.status === 'running',
  ).length;
}

export function waitContext(
  tables: MemoryTables,
  job: Job,
  counts: RunningCounts,
): JobWaitContext | undefined {
  const run = tables.runs.get(job.runId);
  if (!run) return undefined;
  const owner = ownerKey(tables, run.repoId);
  const needs = [...tables.jobs.values()]
    .filter((j) => j.runId === job.runId && job.needsJobs.includes(j.jobKey))
    .map(({ jobKey, status, conclusion }) => ({ jobKey, status, conclusion }));
  return {
    job,
    run,
    needs,
    blockingRunId: blockingRun(tables, run)?.id ?? null,
    blockingJobId: blockingJob(tables, job, run.repoId)?.id ?? null,
    matrixRunningJobs: matrixRunning(tables, job),
    repoRunningJobs: counts.byRepo.get(run.repoId) ?? 0,
    ownerRunningJobs: owner ? (counts.byOwner.get(owner) ?? 0) : 0,
    policy: policyChain(tables, run.repoId),
  };
}

export function runnerLoads(tables: MemoryTables, counts: RunningCounts): RunnerLoad[] {
  return [...tables.runners.values()]
    .sort((a, b) => a.id - b.id)
    .map((runner) => ({ runner, runningJobs: counts.byRunner.get(runner.id) ?? 0 }));
}

/** Queued, unclaimed, not cancel-requested jobs, oldest first (`created_at`, `id`). */
export function waitingJobs(tables: MemoryTables): Job[] {
  return [...tables.jobs.values()]
    .filter((j) => j.status === 'queued' && j.runnerId === null && !j.cancelRequested)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
}
