import type {
  ArchivedLog,
  ArchiveRecord,
  PendingFinalisation,
  StepLogArchive,
  StoredStepLog,
} from '../../ports/step-log-archive.js';
import { type MemoryState, queueStepLogs } from './state.js';

/** `StepLogArchive` over the in-memory database; reads see one state, writes are transactions. */
export class MemoryStepLogArchive implements StepLogArchive {
  constructor(private readonly state: MemoryState) {}

  async listDue(now: Date, limit: number): Promise<PendingFinalisation[]> {
    return [...this.state.tables.logOutbox.entries()]
      .filter(([, row]) => row.nextAttemptAt <= now)
      .sort(([a, x], [b, y]) => x.nextAttemptAt.getTime() - y.nextAttemptAt.getTime() || a - b)
      .slice(0, limit)
      .map(([stepId, row]) => ({ stepId, attempts: row.attempts }));
  }

  async readStoredLog(stepId: number): Promise<StoredStepLog | undefined> {
    const tables = this.state.tables;
    const step = tables.steps.get(stepId);
    const job = step ? tables.jobs.get(step.jobId) : undefined;
    if (!step || !job) return undefined;
    const { logObjectKey: key, logByteCount: byteCount, logSha256: sha256 } = step;
    return {
      stepId,
      jobId: step.jobId,
      runId: job.runId,
      stepIndex: step.stepIndex,
      status: step.status,
      archived: key !== null && sha256 !== null ? { key, byteCount, sha256 } : null,
      archivedTimes: [...(tables.logTimes.get(stepId) ?? [])],
      chunks: tables.logChunks
        .filter((c) => c.stepId === stepId)
        .sort((a, b) => a.seq - b.seq)
        .map((c) => ({ stepId, seq: c.seq, chunk: new Uint8Array(c.chunk), createdAt: c.createdAt })),
      hasCarry: tables.logCarries.has(stepId) || (tables.heldLogChunks.get(stepId)?.size ?? 0) > 0,
    };
  }

  recordArchive(input: ArchiveRecord, at: Date): Promise<'recorded' | 'stale' | 'gone'> {
    return this.state.transaction((tables) => {
      const step = tables.steps.get(input.stepId);
      if (!step) return 'gone';
      if (!sameArchive(step, input.expected)) return 'stale';
      const { archived } = input;
      if (archived && !sameArchive(step, archived)) {
        tables.steps.set(step.id, {
          ...step,
          logObjectKey: archived.key,
          logByteCount: archived.byteCount,
          logSha256: archived.sha256,
          updatedAt: at,
        });
        tables.logTimes.set(step.id, [...input.times]);
      }
      const seqs = new Set(input.seqs);
      tables.logChunks = tables.logChunks.filter((c) => c.stepId !== step.id || !seqs.has(c.seq));
      if (!tables.logChunks.some((c) => c.stepId === step.id)) tables.logOutbox.delete(step.id);
      return 'recorded';
    });
  }

  deferFinalisation(stepId: number, retryAt: Date, error: string): Promise<void> {
    return this.state.transaction((tables) => {
      const row = tables.logOutbox.get(stepId);
      if (row) {
        tables.logOutbox.set(stepId, {
          ...row,
          attempts: row.attempts + 1,
          nextAttemptAt: retryAt,
          lastError: error.slice(0, 1000),
        });
      }
    });
  }

  queueFinalisation(stepIds: number[], at: Date): Promise<void> {
    return this.state.transaction((tables) => queueStepLogs(tables, stepIds, at));
  }
}

function sameArchive(
  step: { logObjectKey: string | null; logByteCount: number; logSha256: string | null },
  archive: ArchivedLog | null,
): boolean {
  if (!archive) return step.logObjectKey === null;
  return (
    step.logObjectKey === archive.key &&
    step.logByteCount === archive.byteCount &&
    step.logSha256 === archive.sha256
  );
}
