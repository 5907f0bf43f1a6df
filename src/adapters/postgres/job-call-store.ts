import { and, asc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
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
import { PgArtifactLedger } from './artifact-store.js';
import type { Db } from './database.js';
import { PgJobLifecycle } from './job-lifecycle.js';
import { APPEND_CURRENT_CHUNK_BINARY, APPEND_CURRENT_CHUNK_TEXT, byteaText } from './log-append-sql.js';
import { type RawSql, rawSqlOf } from './raw-sql.js';
import { toStep } from './run-rows.js';
import {
  runnerJwtUsed,
  workflowJobs,
  workflowRuns,
  workflowStepLogCarries,
  workflowStepLogChunks,
  workflowStepLogHeldChunks,
  workflowSteps,
} from './schema.js';
import { queueStepLogs } from './step-log-archive.js';

/**
 * `JobCallStore` on PostgreSQL or PGlite: one database transaction per call; the lifecycle
 * it hands out runs on the same transaction (its own `transaction` becomes a savepoint).
 */
export class PgJobCallStore implements JobCallStore {
  private readonly raw: RawSql;
  private readonly binary: boolean;

  constructor(private readonly db: Db) {
    this.raw = rawSqlOf(db);
    this.binary = this.raw.bindsBinary;
  }

  transaction<T>(at: Date, fn: (tx: JobCallTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn({
        lifecycle: new PgJobLifecycle(tx),
        logs: new PgLogLedger(tx, at),
        artifacts: new PgArtifactLedger(tx, at),
        sequence: new PgLogSequence(tx),
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

  async appendIfCurrent(append: CurrentChunkAppend, at: Date): Promise<'stored' | 'duplicate' | 'stale'> {
    const { token } = append;
    const params: unknown[] = [
      token.jti,
      token.runnerId,
      token.jobId,
      token.runId,
      token.repoId,
      token.expiresAt.toISOString(),
      at.toISOString(),
      append.stepId,
      append.seq,
      append.carry?.ciphertext ?? null,
      append.carry?.nonce ?? null,
      append.maskNonce,
      append.carryAfterSeq,
    ];
    const chain = token.chain ?? 0;
    const [row] = this.binary
      ? await this.raw.query<Appended>(APPEND_CURRENT_CHUNK_BINARY, [...params, append.bytes, chain])
      : await this.raw.query<Appended>(APPEND_CURRENT_CHUNK_TEXT, [
          ...params,
          ...byteaText(append.bytes),
          chain,
        ]);
    if (!row || row.spent === 0) return 'stale';
    return row.stored === 0 ? 'duplicate' : 'stored';
  }

  // The three reads and writes every claim or job call makes, as prepared statements
  // (raw-sql.ts): Drizzle's query building cost ~1 ms of Node CPU each (SPEC §20 claim).
  async isTokenUsed(jti: string): Promise<boolean> {
    const rows = await this.raw.query(`SELECT 1 AS used FROM runner_jwt_used WHERE jti = $1::text`, [jti]);
    return rows.length > 0;
  }

  async saveMaskSnapshot(jobId: number, sealed: SealedValue, at: Date): Promise<void> {
    await this.raw.query(
      `INSERT INTO workflow_job_secret_masks (job_id, ciphertext, nonce, created_at)
       VALUES ($1::bigint, $2::bytea, $3::bytea, $4::timestamptz)
       ON CONFLICT (job_id) DO UPDATE SET ciphertext = excluded.ciphertext, nonce = excluded.nonce`,
      [jobId, sealed.ciphertext, sealed.nonce, at.toISOString()],
    );
  }

  async loadMaskSnapshot(jobId: number): Promise<SealedValue | undefined> {
    const [row] = await this.raw.query<{ ciphertext: Uint8Array; nonce: Uint8Array }>(
      `SELECT ciphertext, nonce FROM workflow_job_secret_masks WHERE job_id = $1::bigint`,
      [jobId],
    );
    return row ? { ciphertext: new Uint8Array(row.ciphertext), nonce: new Uint8Array(row.nonce) } : undefined;
  }
}

interface Appended {
  spent: number;
  stored: number;
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

/** Seq order and held chunks inside one transaction. */
class PgLogSequence implements LogSequence {
  constructor(private readonly tx: Db) {}

  async nextSeq(stepId: number): Promise<number> {
    const c = workflowStepLogChunks;
    const [row] = await this.tx
      .select({ last: max(c.seq) })
      .from(c)
      .where(eq(c.stepId, stepId));
    return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
  }

  async hold(chunk: HeldChunk): Promise<'held' | 'duplicate'> {
    const h = workflowStepLogHeldChunks;
    const rows = await this.tx
      .insert(h)
      .values({ stepId: chunk.stepId, seq: chunk.seq, ...chunk.sealed })
      .onConflictDoNothing({ target: [h.stepId, h.seq] })
      .returning({ seq: h.seq });
    return rows.length > 0 ? 'held' : 'duplicate';
  }

  async readHeld(stepId: number): Promise<HeldChunk[]> {
    const h = workflowStepLogHeldChunks;
    const rows = await this.tx.select().from(h).where(eq(h.stepId, stepId)).orderBy(asc(h.seq));
    return rows.map((r) => ({ stepId, seq: r.seq, sealed: { ciphertext: r.ciphertext, nonce: r.nonce } }));
  }

  async release(stepId: number, seqs: number[]): Promise<void> {
    if (seqs.length === 0) return;
    const h = workflowStepLogHeldChunks;
    await this.tx.delete(h).where(and(eq(h.stepId, stepId), inArray(h.seq, seqs)));
  }
}
