import type { Job, Run } from '../../ports/model/run.js';
import type { TriggerRuns } from '../../ports/trigger-runs.js';
import type { MemoryState } from './state.js';

/** `TriggerRuns` over the in-memory database. */
export class MemoryTriggerRuns implements TriggerRuns {
  constructor(private readonly state: MemoryState) {}

  async countQueuedRuns(repoId: number): Promise<number> {
    return this.runs().filter((r) => r.repoId === repoId && r.status === 'queued').length;
  }

  async countRunsByActorSince(actorUserId: number, since: Date): Promise<number> {
    return this.runs().filter(
      (r) => r.actorUserId === actorUserId && r.createdAt.getTime() >= since.getTime(),
    ).length;
  }

  async listOpenRunsInGroup(repoId: number, group: string): Promise<Run[]> {
    return this.runs()
      .filter(
        (r) =>
          r.repoId === repoId &&
          r.concurrencyGroup === group &&
          (r.status === 'queued' || r.status === 'running'),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  }

  async listOpenJobsInGroup(repoId: number, group: string): Promise<Job[]> {
    const tables = this.state.tables;
    return [...tables.jobs.values()]
      .filter(
        (j) =>
          (j.concurrencyGroup ?? '') === group &&
          (j.status === 'queued' || j.status === 'running') &&
          tables.runs.get(j.runId)?.repoId === repoId,
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  }

  requestApproval(runId: number, reason: string, at: Date): Promise<void> {
    return this.state.transaction((tables) => {
      if (tables.runApprovals.has(runId)) return;
      if (!tables.runs.has(runId)) throw new Error(`run ${runId} does not exist`);
      tables.runApprovals.set(runId, {
        runId,
        requestedReason: reason,
        requestedAt: at,
        approvedByUserId: null,
        approvedAt: null,
        rejectedByUserId: null,
        rejectedAt: null,
      });
    });
  }

  private runs(): Run[] {
    return [...this.state.tables.runs.values()];
  }
}
