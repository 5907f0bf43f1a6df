import { and, asc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Runner, RunnerStatus, RunnerToken } from '../../ports/model/runner.js';
import type {
  DrainChange,
  NewRunner,
  NewRunnerToken,
  RunnerStore,
  RunnerWithLoad,
} from '../../ports/runner-store.js';
import type { RunnerChange } from '../../ports/wake-bus.js';
import type { Db } from './database.js';
import { runnerTokens, workflowRunners } from './schema.js';
import { runnerChangedNotification } from './wake-bus.js';

type RunnerRow = typeof workflowRunners.$inferSelect;
type TokenRow = typeof runnerTokens.$inferSelect;

/** `RunnerStore` on PostgreSQL or PGlite; multi-statement operations run in one transaction. */
export class PgRunnerStore implements RunnerStore {
  constructor(private readonly db: Db) {}

  register(input: NewRunner, token: NewRunnerToken, now: Date): Promise<Runner | 'name_taken'> {
    return this.db.transaction(async (tx) => {
      // ON CONFLICT keeps the transaction usable, and a concurrent registration of the same
      // name waits for ours and then inserts nothing.
      const [row] = await tx
        .insert(workflowRunners)
        .values({
          name: input.name,
          labels: input.labels,
          capacity: input.capacity,
          status: 'offline',
          registeredByUserId: input.registeredByUserId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: workflowRunners.name })
        .returning();
      if (!row) return 'name_taken' as const;
      await insertToken(tx, row.id, token, now);
      return toRunner(row);
    });
  }

  async findById(id: number): Promise<Runner | undefined> {
    const [row] = await this.db.select().from(workflowRunners).where(eq(workflowRunners.id, id));
    return row ? toRunner(row) : undefined;
  }

  async listWithLoad(): Promise<RunnerWithLoad[]> {
    // Spelled out: Drizzle leaves columns unqualified inside a select list, which would make
    // the correlated subquery compare workflow_jobs with itself.
    const activeJobCount = sql<number>`(SELECT count(*)::int FROM workflow_jobs j
      WHERE j.runner_id = workflow_runners.id AND j.status = 'running')`;
    const tokenExpiresMs = sql<number | null>`(SELECT CASE WHEN count(*) = 0 OR bool_or(t.expires_at IS NULL)
      THEN NULL ELSE (extract(epoch FROM max(t.expires_at)) * 1000)::float8 END
      FROM runner_tokens t WHERE t.runner_id = workflow_runners.id AND t.revoked_at IS NULL)`;
    const rows = await this.db
      .select({ runner: workflowRunners, activeJobCount, tokenExpiresMs })
      .from(workflowRunners)
      .orderBy(sql`${workflowRunners.name} COLLATE "C"`, asc(workflowRunners.id));
    return rows.map((r) => ({
      runner: toRunner(r.runner),
      activeJobCount: Number(r.activeJobCount),
      tokenExpiresAt: r.tokenExpiresMs === null ? null : new Date(Number(r.tokenExpiresMs)),
    }));
  }

  setDrain(id: number, change: DrainChange | null, now: Date): Promise<Runner | 'not_found' | 'revoked'> {
    return this.db.transaction(async (tx) => {
      const locked = await lockRunner(tx, id);
      if (!locked) return 'not_found' as const;
      if (locked.revokedAt) return 'revoked' as const;
      const [row] = await tx
        .update(workflowRunners)
        .set({
          drainingAt: change ? (locked.drainingAt ?? change.at) : null,
          drainReason: change ? change.reason : null,
          updatedAt: now,
        })
        .where(eq(workflowRunners.id, id))
        .returning();
      await notifyChange(tx, id, change ? 'drained' : 'undrained');
      return toRunner(mustHave(row));
    });
  }

  rotateToken(id: number, token: NewRunnerToken, now: Date): Promise<Runner | 'not_found' | 'revoked'> {
    return this.db.transaction(async (tx) => {
      // The row lock serialises rotations of one runner, so the later one revokes the
      // earlier one's token and exactly one token stays valid.
      const locked = await lockRunner(tx, id);
      if (!locked) return 'not_found' as const;
      if (locked.revokedAt) return 'revoked' as const;
      await revokeTokensOf(tx, id, now);
      await insertToken(tx, id, token, now);
      await notifyChange(tx, id, 'rotated');
      return toRunner(locked);
    });
  }

  revoke(
    id: number,
    reason: string,
    now: Date,
  ): Promise<{ runner: Runner; tokensRevoked: number } | 'not_found'> {
    return this.db.transaction(async (tx) => {
      let row = await lockRunner(tx, id);
      if (!row) return 'not_found' as const;
      if (!row.revokedAt) {
        const [updated] = await tx
          .update(workflowRunners)
          .set({
            revokedAt: now,
            revokedReason: reason,
            drainingAt: row.drainingAt ?? now,
            drainReason: row.drainingAt ? row.drainReason : reason,
            status: 'offline',
            updatedAt: now,
          })
          .where(eq(workflowRunners.id, id))
          .returning();
        row = mustHave(updated);
      }
      const tokensRevoked = await revokeTokensOf(tx, id, now);
      await notifyChange(tx, id, 'revoked');
      return { runner: toRunner(row), tokensRevoked };
    });
  }

  async markStaleOffline(cutoff: Date, now: Date): Promise<Runner[]> {
    const rows = await this.db
      .update(workflowRunners)
      .set({ status: 'offline', updatedAt: now })
      .where(
        and(
          isNull(workflowRunners.revokedAt),
          ne(workflowRunners.status, 'offline'),
          or(isNull(workflowRunners.lastHeartbeatAt), lt(workflowRunners.lastHeartbeatAt, cutoff)),
        ),
      )
      .returning();
    return rows.map(toRunner);
  }

  async findByTokenHash(tokenHash: Uint8Array): Promise<{ runner: Runner; token: RunnerToken } | undefined> {
    const [row] = await this.db
      .select({ runner: workflowRunners, token: runnerTokens })
      .from(runnerTokens)
      .innerJoin(workflowRunners, eq(workflowRunners.id, runnerTokens.runnerId))
      .where(eq(runnerTokens.tokenHash, tokenHash));
    return row ? { runner: toRunner(row.runner), token: toToken(row.token) } : undefined;
  }
}

async function lockRunner(tx: Db, id: number): Promise<RunnerRow | undefined> {
  const [row] = await tx.select().from(workflowRunners).where(eq(workflowRunners.id, id)).for('update');
  return row;
}

/** Tells every replica at commit (wake-bus.ts): their waits and token caches must see it. */
async function notifyChange(tx: Db, runnerId: number, change: RunnerChange): Promise<void> {
  const { channel, payload } = runnerChangedNotification(runnerId, change);
  await tx.execute(sql`SELECT pg_notify(${channel}, ${payload})`);
}

async function insertToken(tx: Db, runnerId: number, token: NewRunnerToken, now: Date): Promise<void> {
  await tx.insert(runnerTokens).values({
    runnerId,
    tokenHash: token.tokenHash,
    expiresAt: token.expiresAt,
    createdAt: now,
  });
}

/** Revokes the runner's still-valid tokens; returns how many it revoked. */
async function revokeTokensOf(tx: Db, runnerId: number, now: Date): Promise<number> {
  const revoked = await tx
    .update(runnerTokens)
    .set({ revokedAt: now })
    .where(and(eq(runnerTokens.runnerId, runnerId), isNull(runnerTokens.revokedAt)))
    .returning({ id: runnerTokens.id });
  return revoked.length;
}

function mustHave<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('runner row vanished inside its own transaction');
  return row;
}

// ---------------------------------------------------------------------------------------
// Row ↔ domain mappers
// ---------------------------------------------------------------------------------------

const STATUSES: readonly RunnerStatus[] = ['idle', 'busy', 'offline'];

/** Maps a `workflow_runners` row; an unknown status is a broken database, not bad input. */
export function toRunner(row: RunnerRow): Runner {
  const status = STATUSES.find((s) => s === row.status);
  if (!status) throw new Error(`workflow_runners.status has unknown value ${row.status}`);
  return {
    id: row.id,
    name: row.name,
    labels: row.labels,
    capacity: row.capacity,
    status,
    lastHeartbeatAt: row.lastHeartbeatAt,
    registeredByUserId: row.registeredByUserId,
    hostName: row.hostName,
    version: row.version,
    drainingAt: row.drainingAt,
    drainReason: row.drainReason,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toToken(row: TokenRow): RunnerToken {
  return {
    id: row.id,
    runnerId: row.runnerId,
    tokenHash: row.tokenHash,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
  };
}
