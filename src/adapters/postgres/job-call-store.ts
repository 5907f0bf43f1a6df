import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { JobCallStore, JobCallTransaction, SpentJobToken } from '../../ports/job-call-store.js';
import type { LogCarry, LogLedger } from '../../ports/log-ledger.js';
import type { Step } from '../../ports/model/run.js';
import type { SealedValue } from '../../ports/secret-box.js';
import { PgArtifactLedger } from './artifact-store.js';
import type { Db } from './database.js';
import { PgJobLifecycle } from './job-lifecycle.js';
import { toStep } from './run-rows.js';
import {
  runnerJwtUsed,
  workflowJobSecretMasks,
  workflowJobs,
  workflowRuns,
  workflowStepLogCarries,
  workflowStepLogChunks,
  workflowSteps,
} from './schema.js';
import { queueStepLogs } from './step-log-archive.js';

/**
 * `JobCallStore` on PostgreSQL or PGlite: one database transaction per call; the lifecycle
 * it hands out runs on the same transaction (its own `transaction` becomes a savepoint).
 */
export class PgJobCallStore implements JobCallStore {
  constructor(private readonly db: Db) {}

  transaction<T>(at: Date, fn: (tx: JobCallTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn({
        lifecycle: new PgJobLifecycle(tx),
        logs: new PgLogLedger(tx, at),
        artifacts: new PgArtifactLedger(tx, at),
        consumeToken: (token) => consumeToken(tx, token, at),
      }),
    );
  }

  async restartTokenChain(jobId: number, runnerId: number): Promise<number | undefined> {
    const j = workflowJobs;
    const [row] = await this.db
      .update(j)
      .set({ tokenChain: sql`${j.tokenChain} + 1` })
      .where(and(eq(j.id, jobId), eq(j.runnerId, runnerId), eq(j.status, 'running'), isNull(j.statusReason)))
      .returning({ tokenChain: j.tokenChain });
    return row?.tokenChain;
  }

  async isTokenUsed(jti: string): Promise<boolean> {
    const rows = await this.db
      .select({ jti: runnerJwtUsed.jti })
      .from(runnerJwtUsed)
      .where(eq(runnerJwtUsed.jti, jti));
    return rows.length > 0;
  }

  async saveMaskSnapshot(jobId: number, sealed: SealedValue, at: Date): Promise<void> {
    const values = { ciphertext: sealed.ciphertext, nonce: sealed.nonce };
    await this.db
      .insert(workflowJobSecretMasks)
      .values({ jobId, ...values, createdAt: at })
      .onConflictDoUpdate({ target: workflowJobSecretMasks.jobId, set: values });
  }

  async loadMaskSnapshot(jobId: number): Promise<SealedValue | undefined> {
    const [row] = await this.db
      .select()
      .from(workflowJobSecretMasks)
      .where(eq(workflowJobSecretMasks.jobId, jobId));
    return row ? { ciphertext: row.ciphertext, nonce: row.nonce } : undefined;
  }
}

async function consumeToken(
  tx: Db,
  { chain = 0, ...token }: SpentJobToken,
  at: Date,
): Promise<'consumed' | 'replayed' | 'revoked'> {
  // The insert's foreign keys take KEY SHARE locks in constraint order (job before run);
  // taking them here run-first keeps every job call in the ledger's run → job → step order.
  await tx
    .select({ id: workflowRuns.id })
    .from(workflowRuns)
    .where(eq(workflowRuns.id, token.runId))
    .for('key share');
  const [job] = await tx
    .select({ tokenChain: workflowJobs.tokenChain })
    .from(workflowJobs)
    .where(eq(workflowJobs.id, token.jobId))
    .for('update');
  // Read under the lock: a chain recovery that committed first is seen here.
  if ((job?.tokenChain ?? 0) !== chain) return 'revoked';
  const rows = await tx
    .insert(runnerJwtUsed)
    .values({ ...token, usedAt: at })
    .onConflictDoNothing({ target: runnerJwtUsed.jti })
    .returning({ jti: runnerJwtUsed.jti });
  return rows.length > 0 ? 'consumed' : 'replayed';
}

/** The log tables inside one transaction. */
class PgLogLedger implements LogLedger {
  constructor(
    private readonly tx: Db,
    private readonly at: Date,
  ) {}

  async lockStep(jobId: number, stepId: number | null): Promise<Step | undefined> {
    const s = workflowSteps;
    const [row] = await this.tx
      .select()
      .from(s)
      .where(stepId === null ? eq(s.jobId, jobId) : and(eq(s.id, stepId), eq(s.jobId, jobId)))
      .orderBy(asc(s.stepIndex))
      .limit(1)
      .for('update');
    return row ? toStep(row) : undefined;
  }

  async hasChunk(stepId: number, seq: number): Promise<boolean> {
    const c = workflowStepLogChunks;
    const rows = await this.tx
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.stepId, stepId), eq(c.seq, seq)));
    return rows.length > 0;
  }

  async insertChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<'inserted' | 'duplicate'> {
    const rows = await this.tx
      .insert(workflowStepLogChunks)
      .values({ stepId, seq, chunk: bytes, createdAt: this.at })
      .onConflictDoNothing({ target: [workflowStepLogChunks.stepId, workflowStepLogChunks.seq] })
      .returning({ id: workflowStepLogChunks.id });
    return rows.length > 0 ? 'inserted' : 'duplicate';
  }

  async appendToChunk(stepId: number, seq: number, bytes: Uint8Array): Promise<void> {
    const c = workflowStepLogChunks;
    await this.tx
      .update(c)
      .set({ chunk: sql`${c.chunk} || ${bytes}::bytea` })
      .where(and(eq(c.stepId, stepId), eq(c.seq, seq)));
  }

  async readCarries(stepIds: number[]): Promise<LogCarry[]> {
    if (stepIds.length === 0) return [];
    const rows = await this.tx
      .select()
      .from(workflowStepLogCarries)
      .where(inArray(workflowStepLogCarries.stepId, stepIds))
      .orderBy(asc(workflowStepLogCarries.stepId));
    return rows.map((r) => ({
      stepId: r.stepId,
      afterSeq: r.afterSeq,
      sealed: { ciphertext: r.ciphertext, nonce: r.nonce },
    }));
  }

  async writeCarry(carry: LogCarry): Promise<void> {
    const values = {
      afterSeq: carry.afterSeq,
      ciphertext: carry.sealed.ciphertext,
      nonce: carry.sealed.nonce,
      updatedAt: this.at,
    };
    await this.tx
      .insert(workflowStepLogCarries)
      .values({ stepId: carry.stepId, ...values })
      .onConflictDoUpdate({ target: workflowStepLogCarries.stepId, set: values });
  }

  async deleteCarries(stepIds: number[]): Promise<void> {
    if (stepIds.length === 0) return;
    await this.tx.delete(workflowStepLogCarries).where(inArray(workflowStepLogCarries.stepId, stepIds));
  }

  queueFinalisation(stepId: number): Promise<void> {
    return queueStepLogs(this.tx, [stepId], this.at);
  }
}
