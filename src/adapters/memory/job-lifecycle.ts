import { isTerminal } from '../../domain/jobs/transitions.js';
import type { JobLifecycle, RunningJobFilter } from '../../ports/job-lifecycle.js';
import type { Job, Run, RunApproval, Step } from '../../ports/model/run.js';
import type { Runner } from '../../ports/model/runner.js';
import type {
  ApprovalDecision,
  JobPatch,
  LockedRun,
  RunLedger,
  RunPatch,
  StepPatch,
} from '../../ports/run-ledger.js';
import { jobsOf, stepsOf } from './run-store.js';
import { type MemoryState, type MemoryTables, queueStepLogs } from './state.js';

/**
 * `JobLifecycle` over the in-memory database: `transaction` is `state.transaction`, which
 * serialises every writer, so the ledger's locks are no-ops.
 */
export class MemoryJobLifecycle implements JobLifecycle {
  constructor(private readonly state: MemoryState) {}

  transaction<T>(at: Date, fn: (ledger: RunLedger) => Promise<T>): Promise<T> {
    return this.state.transaction((tables) => fn(new MemoryRunLedger(tables, at)));
  }

  async findRunningJobs(filter: RunningJobFilter): Promise<Job[]> {
    const tables = this.state.tables;
    const silent = (runnerId: number | null) => {
      if (!filter.runnerSilentSince) return true;
      if (runnerId === null) return false;
      const beat = tables.runners.get(runnerId)?.lastHeartbeatAt ?? null;
      return beat === null || beat < filter.runnerSilentSince;
    };
    return [...tables.jobs.values()]
      .filter(
        (j) =>
          j.status === 'running' &&
          (filter.runnerId === undefined || j.runnerId === filter.runnerId) &&
          (!filter.deadlineBefore || (j.deadlineAt !== null && j.deadlineAt < filter.deadlineBefore)) &&
          (!filter.cancelRequestedBefore ||
            (j.cancelRequested &&
              j.cancelRequestedAt !== null &&
              j.cancelRequestedAt < filter.cancelRequestedBefore)) &&
          silent(j.runnerId),
      )
      .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0) || a.id - b.id);
  }

  async findRunner(runnerId: number): Promise<Runner | undefined> {
    return this.state.tables.runners.get(runnerId);
  }
}

class MemoryRunLedger implements RunLedger {
  constructor(
    private readonly tables: MemoryTables,
    private readonly at: Date,
  ) {}

  async lockRun(runId: number): Promise<LockedRun | undefined> {
    const run = this.tables.runs.get(runId);
    return run ? { run, jobs: jobsOf(this.tables, runId) } : undefined;
  }

  async lockRunOfJob(jobId: number): Promise<LockedRun | undefined> {
    const job = this.tables.jobs.get(jobId);
    return job ? this.lockRun(job.runId) : undefined;
  }

  async lockJobs(jobIds: number[]): Promise<Job[]> {
    return [...new Set(jobIds)]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const job = this.tables.jobs.get(id);
        return job ? [job] : [];
      });
  }

  async lockStep(jobId: number, stepId: number): Promise<Step | undefined> {
    const step = this.tables.steps.get(stepId);
    return step?.jobId === jobId ? step : undefined;
  }

  async listSteps(jobIds: number[]): Promise<Step[]> {
    return stepsOf(this.tables, jobIds);
  }

  async updateJob(jobId: number, patch: JobPatch): Promise<Job> {
    const job: Job = {
      ...this.must(this.tables.jobs.get(jobId), 'job', jobId),
      ...patch,
      updatedAt: this.at,
    };
    this.tables.jobs.set(jobId, job);
    return job;
  }

  async updateSteps(stepIds: number[], patch: StepPatch): Promise<Step[]> {
    if (patch.status && isTerminal(patch.status)) queueStepLogs(this.tables, stepIds, this.at);
    return [...new Set(stepIds)]
      .sort((a, b) => a - b)
      .map((id) => {
        const step: Step = {
          ...this.must(this.tables.steps.get(id), 'step', id),
          ...patch,
          updatedAt: this.at,
        };
        this.tables.steps.set(id, step);
        return step;
      });
  }

  async updateRun(runId: number, patch: RunPatch): Promise<Run> {
    const run: Run = {
      ...this.must(this.tables.runs.get(runId), 'run', runId),
      ...patch,
      updatedAt: this.at,
    };
    this.tables.runs.set(runId, run);
    return run;
  }

  async recordApprovalDecision(runId: number, decision: ApprovalDecision): Promise<RunApproval> {
    const run = this.must(this.tables.runs.get(runId), 'run', runId);
    const approved = decision.decision === 'approved';
    const row: RunApproval = {
      ...(this.tables.runApprovals.get(runId) ?? {
        runId,
        requestedReason: decision.requestedReason,
        requestedAt: run.createdAt,
      }),
      approvedByUserId: approved ? decision.userId : null,
      approvedAt: approved ? decision.at : null,
      rejectedByUserId: approved ? null : decision.userId,
      rejectedAt: approved ? null : decision.at,
    };
    this.tables.runApprovals.set(runId, row);
    return row;
  }

  private must<T>(row: T | undefined, what: string, id: number): T {
    if (!row) throw new Error(`${what} ${id} does not exist`);
    return row;
  }
}
