/**
 * Fault: `kill -9` of a runner at protocol points (issue #12 Build 1). The real programs:
 * `shithubd serve` (one process, PostgreSQL) and `--runners` real `shithubd-runner run`
 * processes on the host engine, all runner traffic (API and git) through the loopback
 * proxy of bench/lib/tcp-proxy.ts, whose HTTP tap (lib/kill-points.ts) stops the runner
 * with SIGKILL at the planned point of a job:
 *   after-claim (0–0.5 s after the claim went back), checkout (the git fetch, before the
 *   server sees it), mid-log-request (the k-th log call, before the server sees it),
 *   mid-log-ack (right after the server acknowledged the k-th chunk), step-status (a
 *   step's terminal report, before the server sees it), before-job-status (the job's
 *   terminal report, before the server sees it), cancel-check (the k-th cancel check, made
 *   every 2 s while a step runs: the step's process is alive when its runner dies).
 * `--kill-share` of the jobs get a point (uniformly). A killed runner is started again
 * after 0.2–1.5 s (its heartbeat's empty `active_job_ids` ends the job), or — one kill in
 * ten — after runner_lost_after + 16 s, so the server's lost-runner loop ends it.
 * Each job: actions/checkout@v4, a step printing 30 lines over 1.5 s then silent for 6 s
 * (longer than a restart: a step process that outlived its runner is still there to be
 * seen; one that prints dies of SIGPIPE at its next line), a step printing 10 lines. Recovery: kill → the job terminal in the database. Orphans:
 * processes still running in the killed job's workspace when its job is terminal, and
 * anything left under the workspace roots at the end.
 *
 *   npx tsx bench/faults/runner-kill.ts [--jobs 200] [--runners 4] [--kill-share 0.6]
 *     [--points after-claim,checkout,…] [--quick]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerContext } from '../../src/apps/shithubd/server-context.js';
import { type RunnerProcess, runnerProcess } from '../lib/runner-process.js';
import { freePort, type ShithubdProcess, shithubdProcess } from '../lib/shithubd-process.js';
import { loadNote } from '../lib/stats.js';
import { TcpProxy } from '../lib/tcp-proxy.js';
import {
  checkLogs,
  checkSeesLoss,
  countDoubleClaims,
  jobOutcomes,
  openJobs,
  p99,
  printFigures,
  processesUnder,
  waitFinalised,
} from './lib/checks.js';
import { enqueueFaultJobs, openFaultWorld, RUNNER_LOST_AFTER_S, seedFaultWorld } from './lib/fault-world.js';
import { KILL_POINTS, type KillPoint, killTap } from './lib/kill-points.js';
import { between, sleep } from './lib/pool-scenario.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string' },
    runners: { type: 'string' },
    'kill-share': { type: 'string', default: '0.6' },
    points: { type: 'string', default: KILL_POINTS.join(',') },
    quick: { type: 'boolean', default: false },
  },
});
const JOBS = Number(args.jobs ?? (args.quick ? 24 : 200));
const RUNNERS = Number(args.runners ?? (args.quick ? 3 : 4));
const KILL_SHARE = Number(args['kill-share']);
const POINTS = (args.points ?? '')
  .split(',')
  .filter((p): p is KillPoint => (KILL_POINTS as readonly string[]).includes(p));
const SCENARIO = 'runner_kill';

interface Kill {
  jobId: number;
  runner: number;
  point: KillPoint;
  at: number;
  late: boolean;
  endedAt?: number;
  orphans?: number;
}

const world = await openFaultWorld(SCENARIO, { database: 'postgres' });
let ctx: ServerContext | null = null;
let server: ShithubdProcess | null = null;
let proxy: TcpProxy | null = null;
const runners: RunnerProcess[] = [];
const restarts: NodeJS.Timeout[] = [];
try {
  ctx = await world.open();
  const seeded = await seedFaultWorld(ctx, world, { runners: RUNNERS });
  const jobIds = await enqueueFaultJobs(
    ctx,
    seeded,
    {
      checkout: true,
      steps: [
        { lines: 30, pauseS: 0.05, silentS: 6 },
        { lines: 10, pauseS: 0.02 },
      ],
    },
    JOBS,
  );
  console.log(`${SCENARIO}: ${JOBS} jobs queued, ${RUNNERS} real runners (host engine) ${loadNote()}`);

  const kills: Kill[] = [];
  const roots = seeded.runners.map((_, i) => join(world.scratch, 'ws', `r${i}`));
  const port = await freePort();
  const { tap, state } = killTap({
    tokens: new Map(seeded.runners.map((r, i) => [r.token, i])),
    ids: new Map(seeded.runners.map((r, i) => [r.id, i])),
    plan: () =>
      Math.random() < KILL_SHARE
        ? {
            point: POINTS[Math.floor(Math.random() * POINTS.length)]!,
            k: 1 + Math.floor(Math.random() * 3),
            done: false,
          }
        : undefined,
    isAlive: (i) => runners[i]?.pid() !== null,
    onKill: (i, jobId, point) => {
      if (runners[i]?.pid() === null) return;
      runners[i]!.kill();
      const late = Math.random() < 0.1;
      kills.push({ jobId, runner: i, point, at: Date.now(), late });
      const after = late ? (RUNNER_LOST_AFTER_S + 16) * 1000 : between(200, 1500);
      restarts.push(setTimeout(() => runners[i]!.start(), after));
    },
  });
  proxy = await TcpProxy.start({ target: { host: '127.0.0.1', port }, tap });
  server = shithubdProcess({
    port,
    dataDir: world.dataDir,
    // checkout_url points at the proxy too, so the git fetch is seen (and can be cut) there.
    env: world.serverEnv({ SHITHUB_SERVER__BASE_URL: proxy.url }),
    logFile: join(world.scratch, 'server.log'),
  });
  await server.start();
  seeded.runners.forEach((r, i) => {
    mkdirSync(roots[i]!, { recursive: true });
    const runner = runnerProcess({
      serverUrl: proxy!.url,
      token: r.token,
      workspaceRoot: roots[i]!,
      logFile: join(world.scratch, `runner-${i}.log`),
      cwd: world.scratch,
      extraArgs: ['--long-poll', '5s', '--log-level', 'warn'],
    });
    runner.start();
    runners.push(runner);
  });

  // Watch the killed jobs end; look for their step processes the moment they do.
  let lastProgress = Date.now();
  let open = jobIds;
  const patienceMs = (RUNNER_LOST_AFTER_S + 30) * 1000 + 15_000;
  while (open.length > 0 && Date.now() - lastProgress < patienceMs) {
    await sleep(250);
    const now = await openJobs(ctx, open);
    if (now.length < open.length) lastProgress = Date.now();
    const still = new Set(now);
    for (const k of kills) {
      if (k.endedAt !== undefined || still.has(k.jobId)) continue;
      k.endedAt = Date.now();
      const claim = state.claims.find((c) => c.jobId === k.jobId && c.runnerIndex === k.runner);
      k.orphans = claim
        ? processesUnder(join(roots[k.runner]!, String(claim.runId), String(k.jobId)), true).length
        : 0;
    }
    open = now;
  }
  const left = await waitFinalised(ctx, 30_000);
  if (left > 0) console.log(`${SCENARIO}: ${left} steps still in the finalisation outbox after 30 s`);
  await Promise.all(runners.map((r) => r.stop()));
  const orphansAtEnd = roots.flatMap((root) => processesUnder(root, true));

  const logs = await checkLogs(ctx, jobIds, state.acked);
  for (const line of logs.lostDetail.slice(0, 20)) console.log(`${SCENARIO}: LOST ${line}`);
  const stuckJobs = await openJobs(ctx, jobIds);
  const recoveries = kills.filter((k) => k.endedAt !== undefined).map((k) => k.endedAt! - k.at);
  const late = kills.filter(
    (k) => k.endedAt === undefined || k.endedAt - k.at > (RUNNER_LOST_AFTER_S + 30) * 1000,
  );
  const byPoint = KILL_POINTS.map((p) => `${p}=${kills.filter((k) => k.point === p).length}`).join(' ');
  const planned = [...state.plans.values()];
  console.log(
    `${SCENARIO}: kills ${kills.length} (${byPoint}); planned ${planned.length}, not reached ${planned.filter((p) => !p.done).length}; restarted late ${kills.filter((k) => k.late).length}`,
  );
  console.log(`${SCENARIO}: outcomes ${JSON.stringify(await jobOutcomes(ctx, jobIds))}`);
  if (stuckJobs.length > 0) console.log(`${SCENARIO}: stuck jobs ${stuckJobs.slice(0, 20).join(', ')}`);
  for (const k of late)
    console.log(`${SCENARIO}: job ${k.jobId} (${k.point}) not terminal within runner_lost_after + 30 s`);
  const orphansPerKill = kills.reduce((n, k) => n + (k.orphans ?? 0), 0);
  for (const o of orphansAtEnd) console.log(`${SCENARIO}: orphan at the end: pid ${o.pid} ${o.cmd}`);
  console.log(
    `${SCENARIO}: orphans when the killed job ended ${orphansPerKill} (${kills
      .filter((k) => (k.orphans ?? 0) > 0)
      .map((k) => k.point)
      .join(
        ',',
      )}), at the end ${orphansAtEnd.length}; 5xx on the wire ${state.fiveXx}; recovery p50 ${(recoveries.sort((a, b) => a - b)[Math.floor(recoveries.length / 2)] ?? Number.NaN) / 1000} s`,
  );
  printFigures(
    SCENARIO,
    {
      jobs: jobIds.length,
      terminal: jobIds.length - stuckJobs.length,
      stuck: stuckJobs.length + late.filter((k) => !stuckJobs.includes(k.jobId)).length,
      doubleClaims: countDoubleClaims(state.claims),
      ackedChunks: state.acked.length,
      lostAckedChunks: logs.lost,
      duplicatedLines: logs.duplicatedLines,
      orphans: orphansPerKill + orphansAtEnd.length,
      serverCrashes: server.crashes(),
      recoveryP99Ms: p99(recoveries),
      archivedSteps: logs.archived,
      sqlSteps: logs.sqlOnly,
    },
    loadNote(),
    await checkSeesLoss(ctx, state.acked),
  );
} finally {
  for (const t of restarts) clearTimeout(t);
  for (const r of runners) r.kill();
  await proxy?.close();
  await server?.stop('SIGTERM');
  await ctx?.db.close();
  await world.close();
}
process.exit(0);
