/** A run's jobs as the API shows them: steps, why each queued job waits, its runner. */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { Job, Step } from '../../ports/model/run.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunStore } from '../../ports/run-store.js';
import { explainWaitingJobs } from '../jobs/summarise-queue.js';
import type { WaitingReason } from '../jobs/waiting-reason.js';

export interface JobView {
  job: Job;
  /** In step order. */
  steps: Step[];
  /** Why the job waits; null when it is not waiting or a runner could take it now. */
  waiting: WaitingReason | null;
  runner: Runner | null;
}

type Deps = { runs: RunStore; queue: JobQueue; lifecycle: JobLifecycle; clock: Clock };

/** The run's jobs in job order, each with its steps, waiting reason and runner. Read-only. */
export async function listRunJobs(
  deps: Deps,
  input: { runId: number; staleAfterMs: number },
): Promise<JobView[]> {
  return describeJobs(deps, await deps.runs.listJobs(input.runId), input.staleAfterMs);
}

/** The same view for jobs already loaded (one job of a run, say). */
export async function describeJobs(
  deps: Deps,
  jobs: readonly Job[],
  staleAfterMs: number,
): Promise<JobView[]> {
  const ids = jobs.map((j) => j.id);
  const steps = await deps.runs.listSteps(ids);
  const queued = jobs.filter((j) => j.status === 'queued').map((j) => j.id);
  const waiting =
    queued.length === 0 ? new Map() : await explainWaitingJobs(deps, { jobIds: queued, staleAfterMs });
  const runnerIds = [...new Set(jobs.flatMap((j) => (j.runnerId === null ? [] : [j.runnerId])))];
  const runners = new Map<number, Runner>();
  for (const id of runnerIds) {
    const runner = await deps.lifecycle.findRunner(id);
    if (runner) runners.set(id, runner);
  }
  return jobs.map((job) => ({
    job,
    steps: steps.filter((s) => s.jobId === job.id),
    waiting: waiting.get(job.id) ?? null,
    runner: job.runnerId === null ? null : (runners.get(job.runnerId) ?? null),
  }));
}
