import type {
  ExpiredArtifact,
  RetentionCutoffs,
  RetentionStore,
  StaleCounts,
} from '../../ports/retention-store.js';
import type { MemoryState, MemoryTables } from './state.js';

const TERMINAL_STEPS = new Set(['completed', 'cancelled', 'skipped']);
const TERMINAL_RUNS = new Set(['completed', 'cancelled']);

/** `RetentionStore` over the in-memory database; deleting a run removes what it owns, as the cascades do. */
export class MemoryRetentionStore implements RetentionStore {
  constructor(private readonly state: MemoryState) {}

  async staleChunkSteps(before: Date, skipStepIds: number[], scanChunks: number): Promise<number[]> {
    const tables = this.state.tables;
    const skip = new Set(skipStepIds);
    const oldest = tables.logChunks
      .filter((c) => c.createdAt < before && !skip.has(c.stepId) && isTerminalStep(tables, c.stepId))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, scanChunks);
    return [...new Set(oldest.map((c) => c.stepId))];
  }

  async expiredArtifacts(now: Date, afterId: number, limit: number): Promise<ExpiredArtifact[]> {
    return [...this.state.tables.artifacts.values()]
      .filter((a) => a.expiresAt < now && a.id > afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map(({ id, runId, objectKey }) => ({ id, runId, objectKey }));
  }

  deleteArtifacts(ids: number[]): Promise<number> {
    return this.state.transaction((tables) => ids.filter((id) => tables.artifacts.delete(id)).length);
  }

  async expiredRuns(before: Date, afterId: number, limit: number): Promise<number[]> {
    return [...this.state.tables.runs.values()]
      .filter((r) => r.id > afterId && isExpiredRun(this.state.tables, r.id, before))
      .map((r) => r.id)
      .sort((a, b) => a - b)
      .slice(0, limit);
  }

  deleteRuns(runIds: number[], before: Date): Promise<number[]> {
    return this.state.transaction((tables) => {
      const gone = [...new Set(runIds)]
        .filter((id) => isExpiredRun(tables, id, before))
        .sort((a, b) => a - b);
      for (const runId of gone) deleteRun(tables, runId);
      return gone;
    });
  }

  deleteUsedJwts(before: Date, now: Date, limit: number): Promise<number> {
    return this.state.transaction((tables) => {
      const old = [...tables.usedJwts.values()]
        .filter((j) => j.usedAt < before && j.expiresAt < now)
        .sort((a, b) => a.usedAt.getTime() - b.usedAt.getTime())
        .slice(0, limit);
      for (const j of old) tables.usedJwts.delete(j.jti);
      return old.length;
    });
  }

  async countStale(cutoffs: RetentionCutoffs): Promise<StaleCounts> {
    const tables = this.state.tables;
    return {
      chunks: tables.logChunks.filter(
        (c) => c.createdAt < cutoffs.chunksBefore && isTerminalStep(tables, c.stepId),
      ).length,
      runs: [...tables.runs.keys()].filter((id) => isExpiredRun(tables, id, cutoffs.runsBefore)).length,
      jwtUsed: [...tables.usedJwts.values()].filter(
        (j) => j.usedAt < cutoffs.jwtUsedBefore && j.expiresAt < cutoffs.now,
      ).length,
    };
  }
}

function isTerminalStep(tables: MemoryTables, stepId: number): boolean {
  return TERMINAL_STEPS.has(tables.steps.get(stepId)?.status ?? '');
}

function isExpiredRun(tables: MemoryTables, runId: number, before: Date): boolean {
  const run = tables.runs.get(runId);
  return (
    !!run &&
    !run.pinned &&
    TERMINAL_RUNS.has(run.status) &&
    run.completedAt !== null &&
    run.completedAt < before
  );
}

/** What `ON DELETE CASCADE` removes with a run in PostgreSQL. */
function deleteRun(tables: MemoryTables, runId: number): void {
  const jobIds = new Set([...tables.jobs.values()].filter((j) => j.runId === runId).map((j) => j.id));
  const stepIds = new Set([...tables.steps.values()].filter((s) => jobIds.has(s.jobId)).map((s) => s.id));
  tables.runs.delete(runId);
  for (const id of jobIds) {
    tables.jobs.delete(id);
    tables.jobSecretMasks.delete(id);
  }
  for (const id of stepIds) {
    tables.steps.delete(id);
    tables.logCarries.delete(id);
    tables.heldLogChunks.delete(id);
    tables.logOutbox.delete(id);
    tables.logTimes.delete(id);
  }
  tables.logChunks = tables.logChunks.filter((c) => !stepIds.has(c.stepId));
  for (const [id, a] of tables.artifacts) if (a.runId === runId) tables.artifacts.delete(id);
  for (const [jti, j] of tables.usedJwts) if (j.runId === runId) tables.usedJwts.delete(jti);
  tables.runApprovals.delete(runId);
}
