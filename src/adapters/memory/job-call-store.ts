import { isTerminal } from '../../domain/jobs/transitions.js';
import type {
  CurrentChunkAppend,
  JobCallStore,
  JobCallTransaction,
  SpentJobToken,
} from '../../ports/job-call-store.js';
import type { LogCarry, LogLedger } from '../../ports/log-ledger.js';
import type { HeldChunk, LogSequence } from '../../ports/log-sequence.js';
import type { Step } from '../../ports/model/run.js';
import type { SealedValue } from '../../ports/secret-box.js';
import { MemoryArtifactLedger } from './artifact-store.js';
import { MemoryJobLifecycle } from './job-lifecycle.js';
import { stepsOf } from './run-store.js';
import { type MemoryState, type MemoryTables, queueStepLogs } from './state.js';

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array | null) =>
  a === null || a === undefined ? b === null : b !== null && Buffer.from(a).equals(b);

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
        sequence: new MemoryLogSequence(tables),
        consumeToken: async (token: SpentJobToken) => consumeToken(tables, token, at),
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

  appendIfCurrent(append: CurrentChunkAppend, at: Date): Promise<'stored' | 'duplicate' | 'stale'> {
    return this.state.transaction(async (tables) => {
      const { token, stepId, seq } = append;
      const runner = tables.runners.get(token.runnerId);
      const job = tables.jobs.get(token.jobId);
      const step = tables.steps.get(stepId);
      const seqs = tables.logChunks.filter((c) => c.stepId === stepId).map((c) => c.seq);
      const carry = tables.logCarries.get(stepId);
      const current =
        runner !== undefined &&
        runner.revokedAt === null &&
        job?.runId === token.runId &&
        job.runnerId === token.runnerId &&
        (job.tokenChain ?? 0) === (token.chain ?? 0) &&
        !tables.usedJwts.has(token.jti) &&
        step?.jobId === job.id &&
        !isTerminal(step.status) &&
        (seqs.length === 0 ? -1 : Math.max(...seqs)) === seq - 1 &&
        (tables.heldLogChunks.get(stepId)?.size ?? 0) === 0 &&
        (carry?.afterSeq ?? null) === append.carryAfterSeq &&
        sameBytes(tables.jobSecretMasks.get(job.id)?.nonce, append.maskNonce);
      if (!current) return 'stale';
      consumeToken(tables, token, at);
      tables.logChunks.push({ stepId, seq, chunk: new Uint8Array(append.bytes), createdAt: at });
      if (append.carry) {
        const { ciphertext, nonce } = append.carry;
        tables.logCarries.set(stepId, { afterSeq: seq, ciphertext, nonce });
      } else tables.logCarries.delete(stepId);
      return 'stored';
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

function consumeToken(
  tables: MemoryTables,
  { chain = 0, ...token }: SpentJobToken,
  at: Date,
): 'consumed' | 'replayed' | 'revoked' {
  if ((tables.jobs.get(token.jobId)?.tokenChain ?? 0) !== chain) return 'revoked';
  if (tables.usedJwts.has(token.jti)) return 'replayed';
  tables.usedJwts.set(token.jti, { ...token, usedAt: at });
  return 'consumed';
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

/** Seq order and held chunks inside one memory transaction. */
class MemoryLogSequence implements LogSequence {
  constructor(private readonly tables: MemoryTables) {}

  async nextSeq(stepId: number): Promise<number> {
    let next = 0;
    for (const c of this.tables.logChunks) if (c.stepId === stepId && c.seq >= next) next = c.seq + 1;
    return next;
  }

  async hold(chunk: HeldChunk): Promise<'held' | 'duplicate'> {
    const held = this.tables.heldLogChunks.get(chunk.stepId) ?? new Map();
    if (held.has(chunk.seq)) return 'duplicate';
    held.set(chunk.seq, { ciphertext: chunk.sealed.ciphertext, nonce: chunk.sealed.nonce });
    this.tables.heldLogChunks.set(chunk.stepId, held);
    return 'held';
  }

  async readHeld(stepId: number): Promise<HeldChunk[]> {
    const held = this.tables.heldLogChunks.get(stepId) ?? new Map();
    return [...held.entries()]
      .sort(([a], [b]) => a - b)
      .map(([seq, row]) => ({ stepId, seq, sealed: { ciphertext: row.ciphertext, nonce: row.nonce } }));
  }

  async release(stepId: number, seqs: number[]): Promise<void> {
    const held = this.tables.heldLogChunks.get(stepId);
    if (!held) return;
    for (const seq of seqs) held.delete(seq);
    if (held.size === 0) this.tables.heldLogChunks.delete(stepId);
  }
}
