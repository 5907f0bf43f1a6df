import type { Run, RunApproval, StepLogChunk } from '../../ports/model/run.js';
import type { PageRequest, RunFilter, RunPage, RunQueries } from '../../ports/run-queries.js';
import type { MemoryState } from './state.js';

/** `RunQueries` over the in-memory database: plain reads of its tables. */
export class MemoryRunQueries implements RunQueries {
  constructor(private readonly state: MemoryState) {}

  async listRuns(filter: RunFilter, page: PageRequest): Promise<RunPage> {
    const matching = [...this.state.tables.runs.values()]
      .filter((run) => matches(run, filter))
      .sort((a, b) => b.id - a.id);
    return {
      totalCount: matching.length,
      runs: matching.slice(page.offset, page.offset + page.limit).map((r) => structuredClone(r)),
    };
  }

  async getRunApproval(runId: number): Promise<RunApproval | undefined> {
    const row = this.state.tables.runApprovals.get(runId);
    return row ? structuredClone(row) : undefined;
  }

  async listLogChunks(stepIds: number[]): Promise<StepLogChunk[]> {
    const wanted = new Set(stepIds);
    return this.state.tables.logChunks
      .filter((c) => wanted.has(c.stepId))
      .sort((a, b) => a.stepId - b.stepId || a.seq - b.seq)
      .map((c) => ({ stepId: c.stepId, seq: c.seq, chunk: new Uint8Array(c.chunk), createdAt: c.createdAt }));
  }
}

function matches(run: Run, f: RunFilter): boolean {
  return (
    run.repoId === f.repoId &&
    (f.statuses === undefined || f.statuses.includes(run.status)) &&
    (f.conclusion === undefined || run.conclusion === f.conclusion) &&
    (f.event === undefined || run.event === f.event) &&
    (f.headRefs === undefined || f.headRefs.includes(run.headRef)) &&
    (f.workflowFiles === undefined || f.workflowFiles.includes(run.workflowFile)) &&
    (f.actorUserId === undefined || run.actorUserId === f.actorUserId) &&
    (f.runIndex === undefined || run.runIndex === f.runIndex)
  );
}
