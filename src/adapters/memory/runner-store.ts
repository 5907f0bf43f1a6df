import type { Runner, RunnerToken } from '../../ports/model/runner.js';
import type {
  DrainChange,
  NewRunner,
  NewRunnerToken,
  RunnerStore,
  RunnerWithLoad,
} from '../../ports/runner-store.js';
import type { MemoryState, MemoryTables } from './state.js';

/** `RunnerStore` over the in-memory database; every change runs in `state.transaction`. */
export class MemoryRunnerStore implements RunnerStore {
  constructor(private readonly state: MemoryState) {}

  register(input: NewRunner, token: NewRunnerToken, now: Date): Promise<Runner | 'name_taken'> {
    return this.state.transaction((tables) => {
      for (const existing of tables.runners.values()) if (existing.name === input.name) return 'name_taken';
      const runner: Runner = {
        id: this.state.nextId('workflow_runners'),
        name: input.name,
        labels: [...input.labels],
        capacity: input.capacity,
        status: 'offline',
        lastHeartbeatAt: null,
        registeredByUserId: input.registeredByUserId,
        hostName: '',
        version: '',
        drainingAt: null,
        drainReason: null,
        revokedAt: null,
        revokedReason: null,
        createdAt: now,
        updatedAt: now,
      };
      tables.runners.set(runner.id, runner);
      this.insertToken(tables, runner.id, token, now);
      return copyRunner(runner);
    });
  }

  async findById(id: number): Promise<Runner | undefined> {
    const runner = this.state.tables.runners.get(id);
    return runner ? copyRunner(runner) : undefined;
  }

  async listWithLoad(): Promise<RunnerWithLoad[]> {
    const { runners, jobs } = this.state.tables;
    const running = new Map<number, number>();
    for (const job of jobs.values()) {
      if (job.status === 'running' && job.runnerId !== null) {
        running.set(job.runnerId, (running.get(job.runnerId) ?? 0) + 1);
      }
    }
    return [...runners.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((runner) => ({
        runner: copyRunner(runner),
        activeJobCount: running.get(runner.id) ?? 0,
        tokenExpiresAt: liveTokenExpiry(this.state.tables, runner.id),
      }));
  }

  setDrain(id: number, change: DrainChange | null, now: Date): Promise<Runner | 'not_found' | 'revoked'> {
    return this.state.transaction((tables) => {
      const runner = tables.runners.get(id);
      if (!runner) return 'not_found';
      if (runner.revokedAt) return 'revoked';
      runner.drainingAt = change ? (runner.drainingAt ?? change.at) : null;
      runner.drainReason = change ? change.reason : null;
      runner.updatedAt = now;
      return copyRunner(runner);
    });
  }

  rotateToken(id: number, token: NewRunnerToken, now: Date): Promise<Runner | 'not_found' | 'revoked'> {
    return this.state.transaction((tables) => {
      const runner = tables.runners.get(id);
      if (!runner) return 'not_found';
      if (runner.revokedAt) return 'revoked';
      revokeTokensOf(tables, id, now);
      this.insertToken(tables, id, token, now);
      return copyRunner(runner);
    });
  }

  revoke(
    id: number,
    reason: string,
    now: Date,
  ): Promise<{ runner: Runner; tokensRevoked: number } | 'not_found'> {
    return this.state.transaction((tables) => {
      const runner = tables.runners.get(id);
      if (!runner) return 'not_found';
      if (!runner.revokedAt) {
        runner.revokedAt = now;
        runner.revokedReason = reason;
        if (!runner.drainingAt) {
          runner.drainingAt = now;
          runner.drainReason = reason;
        }
        runner.status = 'offline';
        runner.updatedAt = now;
      }
      const tokensRevoked = revokeTokensOf(tables, id, now);
      return { runner: copyRunner(runner), tokensRevoked };
    });
  }

  markStaleOffline(cutoff: Date, now: Date): Promise<Runner[]> {
    return this.state.transaction((tables) => {
      const marked: Runner[] = [];
      for (const runner of tables.runners.values()) {
        if (runner.revokedAt || runner.status === 'offline') continue;
        if (runner.lastHeartbeatAt && runner.lastHeartbeatAt.getTime() >= cutoff.getTime()) continue;
        runner.status = 'offline';
        runner.updatedAt = now;
        marked.push(copyRunner(runner));
      }
      return marked;
    });
  }

  async findByTokenHash(tokenHash: Uint8Array): Promise<{ runner: Runner; token: RunnerToken } | undefined> {
    const { runnerTokens, runners } = this.state.tables;
    const wanted = Buffer.from(tokenHash);
    for (const token of runnerTokens.values()) {
      if (!wanted.equals(token.tokenHash)) continue;
      const runner = runners.get(token.runnerId);
      if (!runner) return undefined;
      return { runner: copyRunner(runner), token: { ...token, tokenHash: new Uint8Array(token.tokenHash) } };
    }
    return undefined;
  }

  private insertToken(tables: MemoryTables, runnerId: number, token: NewRunnerToken, now: Date): void {
    const wanted = Buffer.from(token.tokenHash);
    for (const existing of tables.runnerTokens.values()) {
      // Mirrors the UNIQUE index on token_hash: a collision is an infrastructure failure.
      if (wanted.equals(existing.tokenHash)) throw new Error('runner token hash already stored');
    }
    const id = this.state.nextId('runner_tokens');
    tables.runnerTokens.set(id, {
      id,
      runnerId,
      tokenHash: new Uint8Array(token.tokenHash),
      expiresAt: token.expiresAt,
      revokedAt: null,
      createdAt: now,
    });
  }
}

/** Revokes the runner's still-valid tokens; returns how many it revoked. */
function revokeTokensOf(tables: MemoryTables, runnerId: number, now: Date): number {
  let count = 0;
  for (const token of tables.runnerTokens.values()) {
    if (token.runnerId === runnerId && token.revokedAt === null) {
      token.revokedAt = now;
      count++;
    }
  }
  return count;
}

function copyRunner(runner: Runner): Runner {
  return { ...runner, labels: [...runner.labels] };
}

/** The latest expiry of the runner's unrevoked tokens; null when one never expires or none is left. */
function liveTokenExpiry(tables: MemoryTables, runnerId: number): Date | null {
  const live = [...tables.runnerTokens.values()].filter(
    (t) => t.runnerId === runnerId && t.revokedAt === null,
  );
  if (live.length === 0 || live.some((t) => t.expiresAt === null)) return null;
  return new Date(Math.max(...live.map((t) => t.expiresAt!.getTime())));
}
