import type {
  Job,
  JobOptions,
  PlannedJob,
  PlannedRun,
  PlannedStep,
  Run,
  Step,
} from '../../ports/model/run.js';
import type { EnqueuedRun, RunStore } from '../../ports/run-store.js';
import type { MemoryState, MemoryTables } from './state.js';

/** `RunStore` over the in-memory database; enqueue runs in one `state.transaction`. */
export class MemoryRunStore implements RunStore {
  constructor(private readonly state: MemoryState) {}

  enqueueRun(planned: PlannedRun, now: Date): Promise<EnqueuedRun> {
    return this.state.transaction((tables) => {
      if (!tables.repos.has(planned.repoId)) throw new Error(`repo ${planned.repoId} does not exist`);
      const existing = findByTrigger(tables, planned);
      if (existing) return { run: existing, jobs: jobsOf(tables, existing.id), created: false };
      const run = this.insertRun(tables, planned, now);
      const jobs = planned.jobs.map((job, index) => this.insertJob(tables, run.id, index, job, now));
      return { run, jobs, created: true };
    });
  }

  async getRun(runId: number): Promise<Run | undefined> {
    return this.state.tables.runs.get(runId);
  }

  async getJob(jobId: number): Promise<Job | undefined> {
    return this.state.tables.jobs.get(jobId);
  }

  async listJobs(runId: number): Promise<Job[]> {
    return jobsOf(this.state.tables, runId);
  }

  async listSteps(jobIds: number[]): Promise<Step[]> {
    return stepsOf(this.state.tables, jobIds);
  }

  private insertRun(tables: MemoryTables, planned: PlannedRun, now: Date): Run {
    const indexes = [...tables.runs.values()]
      .filter((r) => r.repoId === planned.repoId)
      .map((r) => r.runIndex);
    const failed = planned.diagnostics !== null && planned.jobs.length === 0;
    const { jobs: _jobs, ...fields } = planned;
    const run: Run = {
      ...fields,
      id: this.state.nextId('workflow_runs'),
      runIndex: Math.max(0, ...indexes) + 1,
      status: failed ? 'completed' : 'queued',
      conclusion: failed ? 'failure' : null,
      pinned: false,
      approvedByUserId: null,
      startedAt: failed ? now : null,
      completedAt: failed ? now : null,
      createdAt: now,
      updatedAt: now,
    };
    tables.runs.set(run.id, run);
    return run;
  }

  private insertJob(
    tables: MemoryTables,
    runId: number,
    jobIndex: number,
    planned: PlannedJob,
    now: Date,
  ): Job {
    const { steps, copiedResult, ...fields } = planned;
    const job: Job = {
      ...JOB_OPTION_DEFAULTS,
      ...withoutUndefined(fields),
      id: this.state.nextId('workflow_jobs'),
      runId,
      jobIndex,
      runnerId: null,
      status: copiedResult?.status ?? 'queued',
      conclusion: copiedResult?.conclusion ?? null,
      tokenChain: 0,
      statusReason: null,
      cancelRequested: false,
      cancelRequestedAt: null,
      deadlineAt: null,
      outputs: copiedResult?.outputs ?? {},
      startedAt: copiedResult?.startedAt ?? null,
      completedAt: copiedResult?.completedAt ?? null,
      createdAt: now,
      updatedAt: now,
    };
    tables.jobs.set(job.id, job);
    for (const [index, step] of steps.entries()) this.insertStep(tables, job.id, index, step, now);
    return job;
  }

  private insertStep(
    tables: MemoryTables,
    jobId: number,
    stepIndex: number,
    planned: PlannedStep,
    now: Date,
  ): void {
    const { copiedResult, ...fields } = planned;
    const step: Step = {
      continueOnErrorExpr: '',
      timeoutMinutesExpr: '',
      ...withoutUndefined(fields),
      id: this.state.nextId('workflow_steps'),
      jobId,
      stepIndex,
      status: copiedResult?.status ?? 'queued',
      conclusion: copiedResult?.conclusion ?? null,
      logObjectKey: null,
      logByteCount: 0,
      summary: null,
      logSha256: null,
      startedAt: copiedResult?.startedAt ?? null,
      completedAt: copiedResult?.completedAt ?? null,
      createdAt: now,
      updatedAt: now,
    };
    tables.steps.set(step.id, step);
  }
}

/** What a job stores for options its plan leaves out (the column defaults in PostgreSQL). */
const JOB_OPTION_DEFAULTS: Required<JobOptions> = {
  matrix: {},
  matrixGroup: '',
  failFast: false,
  continueOnError: false,
  concurrencyGroup: '',
  maxParallel: 0,
  outputTemplates: {},
  timeoutMinutesExpr: '',
  continueOnErrorExpr: '',
  containers: null,
  call: null,
};

function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

function findByTrigger(tables: MemoryTables, planned: PlannedRun): Run | undefined {
  if (planned.triggerEventId === '') return undefined;
  return [...tables.runs.values()].find(
    (r) =>
      r.repoId === planned.repoId &&
      r.workflowFile === planned.workflowFile &&
      r.triggerEventId === planned.triggerEventId,
  );
}

/** The run's jobs in job order. */
export function jobsOf(tables: MemoryTables, runId: number): Job[] {
  return [...tables.jobs.values()].filter((j) => j.runId === runId).sort((a, b) => a.jobIndex - b.jobIndex);
}

/** The steps of these jobs by job id, then step index. */
export function stepsOf(tables: MemoryTables, jobIds: readonly number[]): Step[] {
  return [...tables.steps.values()]
    .filter((s) => jobIds.includes(s.jobId))
    .sort((a, b) => a.jobId - b.jobId || a.stepIndex - b.stepIndex);
}
