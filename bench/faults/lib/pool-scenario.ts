/**
 * The frame of the scenarios that put a pool of runners streaming logs against a real
 * `shithubd serve` and break something under it (server kill, PostgreSQL restart, cut and
 * stalled links): world and seed, queue, server, pool; then the scenario's own faults;
 * then the end: every job terminal within `runner_lost_after` + 30 s of the last fault
 * (plus the time the jobs still queued then need at the pace measured), logs finalised,
 * pool stopped, and the checks of checks.ts printed.
 *
 * Recovery of one fault, per job that was streaming when it hit (a 2xx job call in the
 * 3 s before) and went on afterwards: the time from the end of the fault to that job's
 * next 2xx job call. The runner's own rhythm (a cancel check every 2 s while a step runs,
 * log flushes every second) is the floor of this figure.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerContext } from '../../../src/apps/shithubd/server-context.js';
import { freePort, type ShithubdProcess, shithubdProcess } from '../../lib/shithubd-process.js';
import { loadNote } from '../../lib/stats.js';
import {
  checkLogs,
  checkSeesLoss,
  countDoubleClaims,
  type FaultFigures,
  jobOutcomes,
  openJobs,
  p99,
  printFigures,
  processesUnder,
  waitFinalised,
} from './checks.js';
import {
  enqueueFaultJobs,
  type FaultWorld,
  type JobShape,
  openFaultWorld,
  openRunsOverApi,
  RUNNER_LOST_AFTER_S,
  type Seeded,
  seedFaultWorld,
} from './fault-world.js';
import { type RunnerPool, startRunnerPool } from './runner-pool.js';
import type { PoolRecords } from './runner-pool-child.js';

export interface Fault {
  kind: string;
  at: number;
  end: number;
  /** Jobs running on the pool when it hit. */
  running: number;
  /** Recovery counts from here: the end of the fault unless the scenario says otherwise. */
  from?: number;
}

export interface ScenarioRun {
  world: FaultWorld;
  seeded: Seeded;
  server: ShithubdProcess;
  pool: RunnerPool;
  faults: Fault[];
  /** Waits until the pool has received `n` more claims than now, or `timeoutMs`. */
  waitClaims(n: number, timeoutMs: number): Promise<void>;
  /** Runs `act` as one fault and records it. */
  fault(kind: string, act: () => Promise<void>): Promise<Fault>;
}

export interface Wiring {
  /** Extra server environment (a database URL through a proxy). */
  serverEnv?: Record<string, string>;
  /** Where the runners call the server (a proxy in front of it). */
  runnerUrl?: string;
  close?: () => Promise<void>;
}

export interface PoolScenario {
  name: string;
  database: 'postgres' | 'pglite';
  /** The scenario restarts PostgreSQL: it needs a server of its own. */
  ownServer?: boolean;
  runners: number;
  jobs: number;
  shape: JobShape;
  /** Seconds one job takes when nothing breaks (for the drain allowance). */
  jobSeconds: number;
  /** Proxies between the parts, set up before the server starts. */
  wire?: (world: FaultWorld, serverPort: number) => Promise<Wiring>;
  inject(run: ScenarioRun): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

export async function runPoolScenario(s: PoolScenario): Promise<FaultFigures> {
  const world = await openFaultWorld(s.name, { database: s.database, ownServer: s.ownServer ?? false });
  let ctx: ServerContext | null = null;
  let server: ShithubdProcess | null = null;
  let wiring: Wiring = {};
  try {
    ctx = await world.open();
    const seeded = await seedFaultWorld(ctx, world, { runners: s.runners });
    const jobIds = await enqueueFaultJobs(ctx, seeded, s.shape, s.jobs);
    console.log(`${s.name}: ${s.jobs} jobs queued, ${s.runners} runners, ${s.database} ${loadNote()}`);
    if (s.database === 'pglite') {
      await ctx.db.close(); // the server holds the embedded database from now on
      ctx = null;
    }
    const port = await freePort();
    wiring = (await s.wire?.(world, port)) ?? {};
    server = shithubdProcess({
      port,
      dataDir: world.dataDir,
      env: world.serverEnv(wiring.serverEnv),
      logFile: join(world.scratch, 'server.log'),
      appName: 'shithubd-fault',
    });
    await server.start();
    const workspaceRoot = join(world.scratch, 'ws');
    mkdirSync(workspaceRoot);
    const pool = await startRunnerPool({
      serverUrl: wiring.runnerUrl ?? server.url,
      runners: seeded.runners.map((r, i) => ({ name: `r${i}`, token: r.token })),
      workspaceRoot,
      longPoll: '10s',
    });
    const faults: Fault[] = [];
    const live = server;
    const injectStart = Date.now();
    await s.inject({
      world,
      seeded,
      server: live,
      pool,
      faults,
      async waitClaims(n, timeoutMs) {
        const base = (await pool.stats()).claims;
        const deadline = Date.now() + timeoutMs;
        while ((await pool.stats()).claims - base < n && Date.now() < deadline) await sleep(200);
      },
      async fault(kind, act) {
        const running = (await pool.stats()).running;
        const at = Date.now();
        await act();
        const fault = { kind, at, end: Date.now(), running };
        faults.push(fault);
        return fault;
      },
    });
    // The pace of the fault phase (claims per second) sizes the time the rest of the queue needs.
    const pace = (await pool.stats()).claims / Math.max(1, (Date.now() - injectStart) / 1000);
    const openAtDeadline = await waitForTheRest(s, live.url, seeded.pat, pace);
    if (ctx) {
      const left = await waitFinalised(ctx, 30_000);
      if (left > 0) console.log(`${s.name}: ${left} steps still in the finalisation outbox after 30 s`);
    } else await sleep(12_000); // two rounds of the log-finalisation loop (every 5 s)
    const records = await pool.stop();
    await live.stop('SIGTERM');
    ctx ??= await world.open();
    const checked = await check(s, ctx, jobIds, records, faults, workspaceRoot);
    // Stuck: not terminal at the deadline (a job still open at the check was open then too).
    const figures = {
      ...checked,
      stuck: Math.max(checked.stuck, openAtDeadline),
      serverCrashes: live.crashes(),
    };
    console.log(`${s.name}: jobs open at the deadline ${openAtDeadline}, at the check ${checked.stuck}`);
    printFigures(s.name, figures, loadNote(), await checkSeesLoss(ctx, records.acked));
    if (figures.serverCrashes > 0)
      console.log(`${s.name}: the server's last words:\n${lastWords(live.log())}`);
    console.log(
      `${s.name}: faults ${faults.length} (${faults.filter((f) => f.running > 0).length} with jobs running), 5xx seen by runners ${records.stats.fiveXx} ${JSON.stringify(records.stats.fiveXxByStatus ?? {})}, transport failures ${records.stats.failures}`,
    );
    return figures;
  } catch (err) {
    console.log(
      `${s.name}: failed; the server's log ends with:\n${server?.log().split('\n').slice(-40).join('\n')}`,
    );
    throw err;
  } finally {
    await server?.stop('SIGKILL');
    await ctx?.db.close();
    await wiring.close?.();
    await world.close();
  }
}

/** What a crashed server printed last (the uncaught error and its stack). */
export function lastWords(log: string): string {
  const lines = log.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
  return lines.slice(0, 12).join('\n');
}

/**
 * After the faults: every job should end within runner_lost_after + 30 s, plus the time the
 * jobs still queued need at 1.5 × the pace of the fault phase (`pace`, claims per second).
 * Returns the jobs still open at that deadline.
 */
async function waitForTheRest(
  s: PoolScenario,
  serverUrl: string,
  pat: string,
  pace: number,
): Promise<number> {
  let queued = 0;
  for (let tries = 0; tries < 60; tries++) {
    const open = await openRunsOverApi(serverUrl, pat).catch(() => null);
    if (open) {
      queued = open.queued;
      break;
    }
    await sleep(1000);
  }
  const allowanceMs = pace > 0 ? (queued / pace) * 1500 : Math.ceil(queued / s.runners) * s.jobSeconds * 1500;
  const deadline = Date.now() + (RUNNER_LOST_AFTER_S + 30) * 1000 + allowanceMs;
  console.log(
    `${s.name}: faults done; ${queued} jobs still queued, waiting up to ${((deadline - Date.now()) / 1000).toFixed(0)} s (runner_lost_after ${RUNNER_LOST_AFTER_S} s + 30 s + drain ${(allowanceMs / 1000).toFixed(0)} s at 1.5 × ${pace.toFixed(1)} claims/s)`,
  );
  for (;;) {
    // The server may be restarting (a crash): ask again.
    const open = await openRunsOverApi(serverUrl, pat).catch(() => null);
    if (open && open.queued + open.running === 0) return 0;
    if (Date.now() > deadline) return open ? open.queued + open.running : -1;
    await sleep(1000);
  }
}

async function check(
  s: PoolScenario,
  ctx: ServerContext,
  jobIds: number[],
  records: PoolRecords,
  faults: Fault[],
  workspaceRoot: string,
): Promise<Omit<FaultFigures, 'serverCrashes'>> {
  const logs = await checkLogs(ctx, jobIds, records.acked);
  for (const line of logs.lostDetail.slice(0, 20)) console.log(`${s.name}: LOST ${line}`);
  const stuck = await openJobs(ctx, jobIds);
  if (stuck.length > 0) console.log(`${s.name}: stuck jobs ${stuck.slice(0, 20).join(', ')}`);
  console.log(`${s.name}: outcomes ${JSON.stringify(await jobOutcomes(ctx, jobIds))}`);
  const orphans = processesUnder(workspaceRoot, true);
  for (const o of orphans.slice(0, 10)) console.log(`${s.name}: orphan pid ${o.pid} ${o.cmd}`);
  const recoveries = recoveryTimes(faults, records.okCalls);
  const perFault = faults.map((f) => `${f.kind}:${((f.end - f.at) / 1000).toFixed(1)}s`).join(' ');
  console.log(`${s.name}: faults ${perFault}`);
  return {
    jobs: jobIds.length,
    terminal: jobIds.length - stuck.length,
    stuck: stuck.length,
    doubleClaims: countDoubleClaims(records.claims),
    ackedChunks: records.acked.length,
    lostAckedChunks: logs.lost,
    duplicatedLines: logs.duplicatedLines,
    orphans: orphans.length,
    recoveryP99Ms: p99(recoveries),
    archivedSteps: logs.archived,
    sqlSteps: logs.sqlOnly,
  };
}

/** For each fault and each job streaming when it hit: end of the fault → that job's next 2xx job call. */
export function recoveryTimes(faults: readonly Fault[], okCalls: Record<number, number[]>): number[] {
  const out: number[] = [];
  for (const f of faults) {
    for (const calls of Object.values(okCalls)) {
      const before = calls.some((t) => t < f.at && t > f.at - 3000);
      const from = f.from ?? f.end;
      const after = calls.find((t) => t >= from);
      if (before && after !== undefined) out.push(after - from);
    }
  }
  return out;
}
