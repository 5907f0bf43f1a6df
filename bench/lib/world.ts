/**
 * The setting every benchmark shares: a fresh PostgreSQL database (bench/lib/postgres.ts),
 * a domain context on its own pool for seeding (users, repos, runners, secrets, runs), and
 * `shithubd serve` started either in this process (`startServer`) or in a child process
 * (bench/lib/server-child.ts) so the load generator does not share the server's event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext, type ServerContext } from '../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import type { PlannedJob, PlannedRun } from '../../src/ports/model/run.js';
import type { EnqueuedRun } from '../../src/ports/run-store.js';
import { type BenchDatabase, benchDatabase } from './postgres.js';

/** The server's root key for every bench (32 bytes, base64). */
export const BENCH_KEY = Buffer.alloc(32, 7).toString('base64');
const CHILD = resolve(import.meta.dirname, 'server-child.ts');

export interface BenchWorld {
  dbUrl: string;
  /** Domain deps on their own pool (size 10), for seeding and for the bare-SQL side. */
  ctx: ServerContext;
  /** The environment a server of this world is configured from, plus `extra`. */
  serverEnv(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export interface BenchServer {
  url: string;
  where: 'in-process' | 'child process';
  /** The server process's memory (bytes). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** The server process's CPU time so far (microseconds, user + system). */
  cpu(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

export function configFrom(env: Record<string, string>, dataDir: string): ServerConfig {
  return loadServerConfig({ env, cwd: dataDir, dataDirFlag: dataDir, listenFlag: '127.0.0.1:0' });
}

export async function openWorld(name: string, opts: { poolSize?: number } = {}): Promise<BenchWorld> {
  const database: BenchDatabase = await benchDatabase(name);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-'));
    dirs.push(dir);
    return dir;
  };
  const serverEnv = (extra: Record<string, string> = {}) => ({
    SHITHUB_DATABASE_URL: database.url,
    SHITHUB_TOTP_KEY: BENCH_KEY,
    SHITHUB_LOG__LEVEL: 'warn',
    ...extra,
  });
  const env = serverEnv({ SHITHUB_DATABASE__POOL_SIZE: String(opts.poolSize ?? 10) });
  const ctx = await openServerContext(configFrom(env, tempDir()));
  return {
    dbUrl: database.url,
    ctx,
    serverEnv,
    close: async () => {
      await ctx.db.close();
      await database.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `startServer` in this process; its event loop is shared with the load generator. */
export async function startInProcess(env: Record<string, string>): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-srv-'));
  const server: RunningServer = await startServer(configFrom(env, dir));
  return {
    url: server.url,
    where: 'in-process',
    memory: async () => process.memoryUsage(),
    cpu: async () => process.cpuUsage(),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `startServer` in a child Node process (tsx), talked to over IPC for its URL and memory. */
export async function startChild(
  env: Record<string, string>,
  opts: { nodeArgs?: string[] } = {},
): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', CHILD], {
    env: { ...process.env, BENCH_SERVER_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map<string, (value: unknown) => void>();
  child.on('message', (message: { kind: string; value: unknown }) => {
    waiters.get(message.kind)?.(message.value);
    waiters.delete(message.kind);
  });
  const ask = <T>(kind: string, send = true) =>
    new Promise<T>((resolveValue, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
      child.once('exit', onExit);
      waiters.set(kind, (value) => {
        child.off('exit', onExit);
        resolveValue(value as T);
      });
      if (send) child.send({ kind });
    });
  const url = await ask<string>('url', false);
  return {
    url,
    where: 'child process',
    memory: () => ask<NodeJS.MemoryUsage>('memory'),
    cpu: () => ask<NodeJS.CpuUsage>('cpu'),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ kind: 'close' });
      await exited;
    },
  };
}

/** A user and `count` repositories of theirs; returns the repo ids. */
export async function seedRepos(world: BenchWorld, owner: string, count: number): Promise<number[]> {
  await createUser(world.ctx.deps, { name: owner });
  const ids: number[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await createRepo(world.ctx.deps, { ownerName: owner, name: `r${i}` })).id);
  return ids;
}

/** Registers runners through the domain (8 at a time); returns their ids and registration tokens. */
export async function seedRunners(
  world: BenchWorld,
  prefix: string,
  count: number,
  opts: { labels?: string[]; capacity?: number } = {},
): Promise<{ id: number; token: string }[]> {
  const out: { id: number; token: string }[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const issued = await registerRunner(world.ctx.deps, {
        name: `${prefix}-${i}`,
        labels: opts.labels ?? ['ubuntu-latest'],
        capacity: opts.capacity ?? 1,
      });
      out[i] = { id: issued.runner.id, token: issued.token };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** A planned one-job run as a push workflow would plan it (two `run` steps). */
export function benchRun(repoId: number, opts: { runsOn?: string[]; key?: string } = {}): PlannedRun {
  const key = opts.key ?? 'build';
  const job: PlannedJob = {
    jobKey: key,
    jobName: key,
    runsOn: opts.runsOn ?? ['ubuntu-latest'],
    needsJobs: [],
    ifExpr: '',
    timeoutMinutes: 360,
    permissions: {},
    jobEnv: {},
    steps: [1, 2].map((n) => ({
      stepId: '',
      stepName: `${key}-${n}`,
      ifExpr: '',
      runCommand: `echo ${key}-${n}`,
      usesAlias: '',
      shell: '',
      workingDirectory: '',
      stepEnv: {},
      stepWith: {},
      continueOnError: false,
      timeoutMinutes: null,
    })),
  };
  return {
    repoId,
    workflowFile: '.shithub/workflows/ci.yml',
    workflowName: 'CI',
    headSha: 'a'.repeat(40),
    headRef: 'refs/heads/trunk',
    event: 'push',
    eventPayload: { ref: 'refs/heads/trunk' },
    actorUserId: null,
    parentRunId: null,
    concurrencyGroup: '',
    needApproval: false,
    diagnostics: null,
    triggerEventId: '',
    jobs: [job],
  };
}

/** Enqueues `count` one-job runs through the domain, round-robin over `repoIds`. */
export async function enqueueMany(
  world: BenchWorld,
  repoIds: number[],
  count: number,
  concurrency = 8,
): Promise<EnqueuedRun[]> {
  const out: EnqueuedRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out.push(await enqueueRun(world.ctx.deps, benchRun(repoIds[i % repoIds.length]!)));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
