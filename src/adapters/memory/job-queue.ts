import { findJobBlocker } from '../../domain/jobs/job-blockers.js';
import { matchesLabels } from '../../domain/jobs/labels.js';
import { isRunDispatchable } from '../../domain/jobs/run-approval.js';
import { decideClaim, type RunnerHeartbeat } from '../../domain/runners/decide-claim.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type {
  ClaimOutcome,
  ClaimRequest,
  JobWaitContext,
  QueueGroup,
  RunnerLoad,
  RunningJobView,
  UndeliveredClaim,
} from '../../ports/model/queue.js';
import type { Job } from '../../ports/model/run.js';
import { countRunning, runnerLoads, waitContext, waitingJobs } from './queue-snapshot.js';
import { stepsOf } from './run-store.js';
import type { MemoryState, MemoryTables } from './state.js';

const MINUTE_MS = 60_000;

/**
 * `JobQueue` over the in-memory database. The claim runs in one `state.transaction`, so
 * claims are serialised and never hand out a job twice; its decision (`decideClaim`) and
 * its predicates are the domain's.
 */
export class MemoryJobQueue implements JobQueue {
  constructor(private readonly state: MemoryState) {}

  claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.state.transaction((tables) => {
      const stored = tables.runners.get(request.runnerId);
      if (!stored) return { kind: 'unknown_runner' };
      const counts = countRunning(tables);
      const decision = decideClaim(stored, counts.byRunner.get(stored.id) ?? 0, request);
      if (decision.kind === 'revoked') return decision;
      const beat = (heartbeat: RunnerHeartbeat) =>
        tables.runners.set(stored.id, { ...stored, ...heartbeat, updatedAt: request.now });
      if (decision.kind !== 'try_claim') {
        beat(decision.heartbeat);
        return { kind: decision.kind };
      }
      const { labels } = decision.heartbeat;
      const job = waitingJobs(tables).find((j) => isClaimable(tables, j, labels, counts));
      beat(job ? decision.heartbeatWhenTaken : decision.heartbeat);
      if (!job) return { kind: 'no_job' };
      return assign(tables, job, stored.id, request.now);
    });
  }

  returnUndelivered(input: UndeliveredClaim): Promise<'requeued' | 'exhausted' | 'not_claimed'> {
    return this.state.transaction((tables) => {
      const job = tables.jobs.get(input.jobId);
      if (job?.status !== 'running' || job.runnerId !== input.runnerId) return 'not_claimed';
      if (stepsOf(tables, [job.id]).some((s) => s.status !== 'queued')) return 'not_claimed';
      const returned = tables.undeliveredClaims.get(job.id) ?? 0;
      if (returned >= input.maxUndelivered) return 'exhausted';
      tables.undeliveredClaims.set(job.id, returned + 1);
      const at = input.now;
      tables.jobs.set(job.id, {
        ...job,
        status: 'queued',
        runnerId: null,
        startedAt: null,
        deadlineAt: null,
        updatedAt: at,
      });
      const run = tables.runs.get(job.runId);
      const others = [...tables.jobs.values()].filter((j) => j.runId === job.runId && j.id !== job.id);
      if (run?.status === 'running' && others.every((j) => j.status === 'queued')) {
        tables.runs.set(run.id, { ...run, status: 'queued', startedAt: null, updatedAt: at });
      }
      return 'requeued';
    });
  }

  async listQueueGroups(): Promise<QueueGroup[]> {
    const groups = new Map<string, QueueGroup>();
    for (const job of waitingJobs(this.state.tables)) {
      const key = JSON.stringify(job.runsOn);
      const group = groups.get(key);
      if (group) group.queuedJobs += 1;
      else
        groups.set(key, {
          runsOn: job.runsOn,
          queuedJobs: 1,
          oldestQueuedAt: job.createdAt,
          oldestJobId: job.id,
        });
    }
    return [...groups.values()].sort((a, b) => (a.runsOn.join(',') < b.runsOn.join(',') ? -1 : 1));
  }

  async loadWaitContexts(jobIds: number[]): Promise<JobWaitContext[]> {
    const tables = this.state.tables;
    const counts = countRunning(tables);
    return jobIds.flatMap((id) => {
      const job = tables.jobs.get(id);
      const ctx = job ? waitContext(tables, job, counts) : undefined;
      return ctx ? [ctx] : [];
    });
  }

  async listRunnerLoads(): Promise<RunnerLoad[]> {
    return runnerLoads(this.state.tables, countRunning(this.state.tables));
  }

  async listRunningJobs(filter: { runnerId?: number; limit: number }): Promise<RunningJobView[]> {
    const tables = this.state.tables;
    return [...tables.jobs.values()]
      .filter(
        (j) => j.status === 'running' && (filter.runnerId === undefined || j.runnerId === filter.runnerId),
      )
      .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0) || a.id - b.id)
      .slice(0, filter.limit)
      .flatMap((job) => {
        const run = tables.runs.get(job.runId);
        const repo = run ? tables.repos.get(run.repoId) : undefined;
        if (!run || !repo) return [];
        const runner = job.runnerId !== null ? (tables.runners.get(job.runnerId) ?? null) : null;
        return [{ job, run, repository: `${repo.ownerName}/${repo.name}`, runner }];
      });
  }
}

function isClaimable(
  tables: MemoryTables,
  job: Job,
  runnerLabels: readonly string[],
  counts: ReturnType<typeof countRunning>,
): boolean {
  if (!matchesLabels(job.runsOn, runnerLabels)) return false;
  const ctx = waitContext(tables, job, counts);
  return ctx !== undefined && isRunDispatchable(ctx.run) && findJobBlocker(ctx) === null;
}

function assign(tables: MemoryTables, queued: Job, runnerId: number, now: Date): ClaimOutcome {
  const job: Job = {
    ...queued,
    status: 'running',
    runnerId,
    startedAt: queued.startedAt ?? now,
    deadlineAt: new Date(now.getTime() + queued.timeoutMinutes * MINUTE_MS),
    updatedAt: now,
  };
  tables.jobs.set(job.id, job);
  let run = tables.runs.get(job.runId)!;
  if (run.status === 'queued') {
    run = { ...run, status: 'running', startedAt: run.startedAt ?? now, updatedAt: now };
    tables.runs.set(run.id, run);
  }
  const repo = tables.repos.get(run.repoId)!;
  return {
    kind: 'claimed',
    job,
    run,
    steps: stepsOf(tables, [job.id]),
    repo: { id: repo.id, ownerName: repo.ownerName, name: repo.name, ownerOrgId: repo.ownerOrgId },
  };
}
