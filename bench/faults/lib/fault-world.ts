/**
 * The setting every fault scenario shares: a PostgreSQL the bench owns (so it can restart
 * it) or the embedded PGlite, a server data folder, a seeding context on the same database
 * and data folder (its git repositories and object store are the server's), one repository
 * with a real commit (so `actions/checkout@v4` has something to fetch), runners, and jobs
 * whose steps print numbered lines at a steady pace. Configuration is an operator's, with a
 * short `runner_lost_after` so a lost runner's job ends within the bench's patience.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { sql } from 'drizzle-orm';
import { rowsOf } from '../../../src/adapters/postgres/run-rows.js';
import { openServerContext, type ServerContext } from '../../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import { enqueueRun } from '../../../src/domain/jobs/enqueue-run.js';
import { createAccessToken } from '../../../src/domain/tokens/personal-access-token.js';
import type { PlannedRun, PlannedStep } from '../../../src/ports/model/run.js';
import { externalPostgres, type OwnPostgres, startOwnPostgres } from '../../lib/pg-server.js';
import { BENCH_KEY, type BenchWorld, benchRun, configFrom, seedRunners } from '../../lib/world.js';

/** `actions.runner_lost_after` in every fault scenario. */
export const RUNNER_LOST_AFTER_S = 10;
/** The lost-runner loop of `serve` runs every 15 s: the longest a lost job can wait after that. */
export const LOST_LOOP_MS = 15_000;

export interface FaultWorld {
  /** Null on PGlite. */
  pg: OwnPostgres | null;
  dbUrl: string;
  /** The server's data folder (short: the admin socket path must fit in 107 bytes). */
  dataDir: string;
  /** A scratch folder for logs, workspaces and proxies' notes; removed by `close`. */
  scratch: string;
  /** The environment `shithubd serve` runs with; `extra` on top. */
  serverEnv(extra?: Record<string, string>): Record<string, string>;
  /** Opens the seeding/checking context (PGlite: only while no server holds the database). */
  open(): Promise<ServerContext>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: `SHITHUB_BENCH_DATABASE_URL` when set (a database is created on it), unless
 * the scenario must own the server (`ownServer`: it restarts it); else a throwaway started
 * here (`SHITHUB_BENCH_PG_PORT` or a random port).
 */
export async function openFaultWorld(
  name: string,
  opts: { database: 'postgres' | 'pglite'; ownServer?: boolean },
): Promise<FaultWorld> {
  const scratch = mkdtempSync(join(tmpdir(), `fb-${name}-`));
  const dataDir = join(scratch, 'd');
  const shared = process.env.SHITHUB_BENCH_DATABASE_URL;
  const pg =
    opts.database === 'pglite'
      ? null
      : shared && !opts.ownServer
        ? externalPostgres(shared)
        : await startOwnPostgres();
  const dbUrl = pg ? await pg.createDatabase(name) : '';
  const serverEnv = (extra: Record<string, string> = {}) => ({
    ...(dbUrl ? { SHITHUB_DATABASE_URL: dbUrl } : {}),
    SHITHUB_TOTP_KEY: BENCH_KEY,
    SHITHUB_LOG__LEVEL: 'warn',
    SHITHUB_LOG__FORMAT: 'json',
    SHITHUB_ACTIONS__RUNNER_LOST_AFTER: `${RUNNER_LOST_AFTER_S}s`,
    SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000',
    SHITHUB_ACTIONS__MAX_REPO_CONCURRENT_JOBS: '100000',
    SHITHUB_ACTIONS__MAX_OWNER_CONCURRENT_JOBS: '100000',
    ...extra,
  });
  return {
    pg,
    dbUrl,
    dataDir,
    scratch,
    serverEnv,
    open: () => openServerContext(configFrom(serverEnv(), dataDir)),
    close: async () => {
      await pg?.stop();
      if (process.env.SHITHUB_FAULT_KEEP) {
        console.log(`kept ${scratch} (SHITHUB_FAULT_KEEP)`);
        return;
      }
      // A step process may still be writing in a workspace for a moment: retry.
      rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** The seeding helpers of bench/lib/world.ts only need the context. */
export function asBenchWorld(ctx: ServerContext, dbUrl: string): BenchWorld {
  return { dbUrl, ctx, serverEnv: () => ({}), close: async () => {} };
}

export interface Seeded {
  repoId: number;
  headSha: string;
  runners: { id: number; token: string }[];
  /** A `repo:read` PAT of the owner, to watch the runs over the API (PGlite has no other way in). */
  pat: string;
}

/** User `fault`, repository `fault/r0` with one commit on trunk, and `runners` runners. */
export async function seedFaultWorld(
  ctx: ServerContext,
  world: FaultWorld,
  opts: { runners: number; labels?: string[] },
): Promise<Seeded> {
  await createUser(ctx.deps, { name: 'fault' });
  // Private: git must then present the checkout token, so the proxy knows whose fetch it is.
  const repo = await createRepo(ctx.deps, { ownerName: 'fault', name: 'r0', isPrivate: true });
  const bare = join(world.dataDir, 'repos', 'fault', 'r0.git');
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, {
      env: {
        ...process.env,
        GIT_DIR: bare,
        GIT_AUTHOR_NAME: 'fault',
        GIT_AUTHOR_EMAIL: 'fault@example.test',
        GIT_COMMITTER_NAME: 'fault',
        GIT_COMMITTER_EMAIL: 'fault@example.test',
      },
      encoding: 'utf8',
      ...(input !== undefined ? { input } : {}),
    }).trim();
  const blob = git(['hash-object', '-w', '--stdin'], '# fault bench\n');
  const tree = git(['mktree'], `100644 blob ${blob}\tREADME.md\n`);
  const headSha = git(['commit-tree', tree, '-m', 'fault bench']);
  git(['update-ref', 'refs/heads/trunk', headSha]);
  const runners = await seedRunners(asBenchWorld(ctx, world.dbUrl), 'fault', opts.runners, {
    labels: opts.labels ?? ['ubuntu-latest'],
  });
  const { token: pat } = await createAccessToken(ctx.deps, { userName: 'fault', scopes: ['repo:read'] });
  return { repoId: repo.id, headSha, runners, pat };
}

/** What one job of a fault scenario does. */
export interface JobShape {
  checkout: boolean;
  /** Lines each `run` step prints, and the pause after each (seconds). */
  steps: { lines: number; pauseS: number; silentS?: number }[];
}

/** The line a step prints: unique per run, step and line, so duplicates and gaps show. */
export function lineOf(runId: number, step: number, line: number): string {
  return `fb run=${runId} step=${step} line=${line} ${'.'.repeat(60)}`;
}

/**
 * A step that prints `lines` numbered lines (one process, `perl`, so a fast step costs no
 * fork per line), `pauseS` apart, then stays silent `silentS` seconds.
 */
function printingStep(index: number, step: JobShape['steps'][number]): string {
  const line = `fb run=$ENV{GITHUB_RUN_ID} step=${index} line=$i ${'.'.repeat(60)}\\n`;
  const print = `perl -e '$|=1; for $i (1..${step.lines}) { print "${line}"; select(undef,undef,undef,${step.pauseS}) }'`;
  return step.silentS ? `${print}\nsleep ${step.silentS}` : print;
}

export function faultRun(seeded: Seeded, shape: JobShape): PlannedRun {
  const base = benchRun(seeded.repoId, { key: 'fault' });
  const job = base.jobs[0]!;
  const template = job.steps[0]!;
  const step = (over: Partial<PlannedStep>): PlannedStep => ({ ...template, ...over });
  const steps: PlannedStep[] = [];
  if (shape.checkout)
    steps.push(step({ stepName: 'checkout', runCommand: '', usesAlias: 'actions/checkout@v4' }));
  for (const [i, s] of shape.steps.entries()) {
    steps.push(step({ stepName: `print-${i + 1}`, runCommand: printingStep(i + 1, s) }));
  }
  return {
    ...base,
    headSha: seeded.headSha,
    jobs: [{ ...job, timeoutMinutes: 10, steps }],
  };
}

/** Enqueues `count` fault jobs (one-job runs), 8 at a time; returns their job ids. */
export async function enqueueFaultJobs(
  ctx: ServerContext,
  seeded: Seeded,
  shape: JobShape,
  count: number,
): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const run = await enqueueRun(ctx.deps, faultRun(seeded, shape));
      ids.push(run.jobs[0]!.id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

/** Runs of `fault/r0` not completed yet (each run has one job), over the API. */
export async function openRunsOverApi(
  serverUrl: string,
  pat: string,
): Promise<{ queued: number; running: number }> {
  const count = async (status: string) => {
    const res = await fetch(`${serverUrl}/api/v1/repos/fault/r0/actions/runs?status=${status}&per_page=1`, {
      headers: { authorization: `Bearer ${pat}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`runs listing answered ${res.status}`);
    return ((await res.json()) as { total_count: number }).total_count;
  };
  return { queued: await count('queued'), running: await count('in_progress') };
}

/** Raw rows from the context's database. */
export async function query<T>(ctx: ServerContext, text: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await ctx.db.db.execute(text));
}
