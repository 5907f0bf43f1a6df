import type { JobCallStore, JobCallTransaction, SpentJobToken } from '../../ports/job-call-store.js';
import type { LogCarry, LogLedger } from '../../ports/log-ledger.js';
import type { Step } from '../../ports/model/run.js';
import type { SealedValue } from '../../ports/secret-box.js';
import { MemoryArtifactLedger } from './artifact-store.js';
import { MemoryJobLifecycle } from './job-lifecycle.js';
import { stepsOf } from './run-store.js';
import { type MemoryState, type MemoryTables, queueStepLogs } from './state.js';

/**
 * `JobCallStore` over the in-memory database: a transaction is `state.transaction`, and
 * the lifecycle it hands out opens nested transactions that join it.
 */
export class MemoryJobCallStore implements JobCallStore {
  constructor(private readonly state: MemoryState) {}

  transaction<T>(at: Date, fn: (tx: JobCallTransaction) => Promise<T>): Promise<T> {
    return this.state.transaction((tables) =>
      fn({
        lifecycle: new MemoryJobLifecycle(this.state),
        logs: new MemoryLogLedger(tables, at),
        artifacts: new MemoryArtifactLedger(this.state, tables, at),
        consumeToken: async ({ chain = 0, ...token }: SpentJobToken) => {
          if ((tables.jobs.get(token.jobId)?.tokenChain ?? 0) !== chain) return 'revoked';
          if (tables.usedJwts.has(token.jti)) return 'replayed';
          tables.usedJwts.set(token.jti, { ...token, usedAt: at });
          return 'consumed';
        },
      }),
    );
  }

  restartTokenChain(jobId: number, runnerId: number): Promise<number | undefined> {
    return this.state.transaction((tables) => {
      const job = tables.jobs.get(jobId);
      if (job?.status !== 'running' || job.runnerId !== runnerId || job.statusReason !== null)
        return undefined;
      const tokenChain = (job.tokenChain ?? 0) + 1;
      tables.jobs.set(jobId, { ...job, tokenChain });
      return tokenChain;
    });
  }

  async isTokenUsed(jti: string): Promise<boolean> {
    return this.state.tables.usedJwts.has(jti);
  }

  saveMaskSnapshot(jobId: number, sealed: SealedValue, at: Date): Promise<void> {
    return this.state.transaction((tables) => {
      tables.jobSecretMasks.set(jobId, { ciphertext: sealed.ciphertext, nonce: sealed.nonce, createdAt: at });
    });
  }

  async loadMaskSnapshot(jobId: number): Promise<SealedValue | undefined> {
    const row = this.state.tables.jobSecretMasks.get(jobId);
    return row ? { ciphertext: row.ciphertext, nonce: row.nonce } : undefined;
  }
}

/** The log tables inside one memory transaction; locks are no-ops (the mutex serialises). */
class MemoryLogLedger implements LogLedger {
  constructor(
    private readonly tables: MemoryTables,
    private readonly at: Date,
  ) {}

  async lockStep(jobId: number, stepId: number | null): Promise<Step | undefined> {
    if (stepId === null) return stepsOf(this.tables, [jobId])[0];
    const step = this.tables.steps.get(stepId);
    return step?.jobId === jobId ? step : undefined;
  }

  async hasChunk(stepId: number, seq: number): Promise<boolean> {
    return this.tables.logChunks.some((c) => c.stepId === stepId && c.seq === seq);
  }

  async insertChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<'inserted' | 'duplicate'> {
    if (await this.hasChunk(stepId, seq)) return 'duplicate';
    this.tables.logChunks.push({ stepId, seq, chunk: new Uint8Array(bytes), createdAt: this.at });
    return 'inserted';
  }

  async appendToChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<void> {
    const stored = this.tables.logChunks.find((c) => c.stepId === stepId && c.seq === seq);
    if (stored) stored.chunk = new Uint8Array(Buffer.concat([stored.chunk, bytes]));
  }

  async readCarries(stepIds: number[]): Promise<LogCarry[]> {
    return [...new Set(stepIds)]
      .sort((a, b) => a - b)
      .flatMap((stepId) => {
        const row = this.tables.logCarries.get(stepId);
        return row
          ? [{ stepId, afterSeq: row.afterSeq, sealed: { ciphertext: row.ciphertext, nonce: row.nonce } }]
          : [];
      });
  }

  async writeCarry(carry: LogCarry): Promise<void> {
    const { ciphertext, nonce } = carry.sealed;
    this.tables.logCarries.set(carry.stepId, { afterSeq: carry.afterSeq, ciphertext, nonce });
  }

  async deleteCarries(stepIds: number[]): Promise<void> {
    for (const id of stepIds) this.tables.logCarries.delete(id);
  }

  async queueFinalisation(stepId: number): Promise<void> {
    queueStepLogs(this.tables, [stepId], this.at);
  }
}
