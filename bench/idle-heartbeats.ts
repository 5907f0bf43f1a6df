/**
 * Idle heartbeats (SPEC §20), server in a child process, nothing claimable:
 *  1. throughput: autocannon with `--connections` keep-alive connections, each one a
 *     different runner (rate limit raised with `actions.heartbeat_rate_per_minute` so no
 *     429 is counted), `{"wait_seconds":0}` bodies, all answered 204; heartbeats/s counts
 *     the 204s only. Printed beside the ceiling measured in the same run: an empty Node
 *     HTTP server in a child process answering 204 to the same autocannon load;
 *  2. parked long polls: runners are added until N each hold one heartbeat with
 *     `wait_seconds: 50` (N = each of `--parked`, cumulative); the server's memory against
 *     its idle baseline and the time until they are parked; then one job is enqueued (the
 *     wake-up crosses LISTEN/NOTIFY from this process): how long until it is claimed and
 *     how many parked runners asked the database within 2 s (the hand-off wakes one; before
 *     it, every matching runner retried: a herd).
 *
 *   npx tsx bench/idle-heartbeats.ts [--connections 100] [--duration 15] [--parked 1000,4000]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/adapters/postgres/run-rows.js';
import { PgWakeBus } from '../src/adapters/postgres/wake-bus.js';
import { enqueueRun } from '../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../src/domain/runner-api/wake-runners.js';
import { heartbeat, sleep } from './lib/http.js';
import { emptyServerRate } from './lib/references.js';
import { loadNote, report } from './lib/stats.js';
import {
  type BenchServer,
  type BenchWorld,
  benchRun,
  openWorld,
  seedRepos,
  seedRunners,
  startChild,
} from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '15' },
    parked: { type: 'string', default: '1000,4000' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const CONNECTIONS = Number(args.connections);
const MIB = 1024 * 1024;

async function throughput(world: BenchWorld, server: BenchServer) {
  const runners = await seedRunners(world, 'idle', CONNECTIONS);
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/api/v1/runners/heartbeat`,
      method: 'POST',
      connections: CONNECTIONS,
      duration,
      body: '{"wait_seconds":0}',
      setupClient: (client) => {
        const runner = runners[next++ % runners.length]!;
        client.setHeaders({ authorization: `Bearer ${runner.token}`, 'content-type': 'application/json' });
      },
    });
  await run(3); // warm-up: JIT, pools, prepared statements
  const cpu0 = await server.cpu();
  const result = await run(Number(args.duration));
  const cpu1 = await server.cpu();
  const answered = result.statusCodeStats?.['204']?.count ?? 0;
  const seconds = result.duration;
  const others = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => code !== '204');
  const cpuShare = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1e6 / seconds;
  console.log(
    `idle: ${answered} x 204 in ${seconds.toFixed(1)} s over ${CONNECTIONS} connections; latency p50=${result.latency.p50} ms p99=${result.latency.p99} ms; other statuses ${JSON.stringify(others)}; errors=${result.errors} timeouts=${result.timeouts}; server CPU ${(cpuShare * 100).toFixed(0)}% of one core ${loadNote()}`,
  );
  const ceiling = await emptyServerRate(CONNECTIONS, Number(args.duration), '{"wait_seconds":0}');
  console.log(
    `idle: empty Node server (child process, same autocannon load) ${ceiling.toFixed(0)} x 204/s ${loadNote()}`,
  );
  report('idle_heartbeats', answered / seconds, 'heartbeats/s', { op: '>=', value: 3000 });
  report('idle_heartbeats_ceiling', ceiling, 'responses/s', { op: '>=', value: 0 });
  report('idle_heartbeats_over_ceiling', answered / seconds / ceiling, 'ratio', { op: '>=', value: 0 });
}

async function countBeatsSince(world: BenchWorld, prefix: string, since: Date): Promise<number> {
  const [row] = rowsOf<{ n: string }>(
    await world.ctx.db.db.execute(
      sql`SELECT count(*)::text AS n FROM workflow_runners WHERE name LIKE ${`${prefix}-%`} AND last_heartbeat_at >= ${since.toISOString()}::timestamptz`,
    ),
  );
  return Number(row?.n ?? 0);
}

/** Milliseconds from `start` (performance.now()) until `n` runners have beaten since `since`. */
async function waitForBeats(
  world: BenchWorld,
  prefix: string,
  since: Date,
  n: number,
  limitMs: number,
  start = performance.now(),
) {
  while (performance.now() - start < limitMs) {
    if ((await countBeatsSince(world, prefix, since)) >= n) return performance.now() - start;
    await sleep(20);
  }
  return Number.NaN;
}

/** Parks heartbeats until `total` are held (runners added as `parked-<i>`), then wakes them once. */
/** Runners holding long polls: each heartbeats again when its wait ends, until claimed. */
interface ParkedPool {
  parked: number;
  stopping: boolean;
  loops: Promise<void>[];
  baseline: NodeJS.MemoryUsage;
  onClaim: ((jobId: number) => void) | null;
}

function park(pool: ParkedPool, url: string, token: string): Promise<void> {
  return (async () => {
    while (!pool.stopping) {
      const res = await heartbeat(url, token, { wait_seconds: 50 }).catch(() => null);
      if (res?.status === 200 && res.body) {
        pool.parked--;
        pool.onClaim?.(res.body.job.id);
        return; // at capacity now: a real runner would run the job
      }
      if (!res && !pool.stopping) await sleep(100);
    }
  })();
}

/** Parks heartbeats until `total` are held (runners added as `parked-<total>-<i>`), then wakes them once. */
async function parked(
  world: BenchWorld,
  server: BenchServer,
  repoId: number,
  pool: ParkedPool,
  total: number,
) {
  const adding = total - pool.parked;
  const runners = await seedRunners(world, `parked-${total}`, adding);
  const since = new Date();
  pool.loops.push(...runners.map((r) => park(pool, server.url, r.token)));
  pool.parked = total;
  const parkMs = await waitForBeats(world, `parked-${total}`, since, adding, 40_000);
  await sleep(500);
  const held = await server.memory();
  const { baseline } = pool;
  console.log(
    `parked ${total}: ${adding} more parked after ${parkMs.toFixed(0)} ms; server rss ${(baseline.rss / MIB).toFixed(0)} -> ${(held.rss / MIB).toFixed(0)} MiB (${((held.rss - baseline.rss) / total / 1024).toFixed(1)} KiB per parked heartbeat), heap ${(baseline.heapUsed / MIB).toFixed(0)} -> ${(held.heapUsed / MIB).toFixed(0)} MiB ${loadNote()}`,
  );

  const bus = await PgWakeBus.open(world.dbUrl);
  const woken = new Date();
  const t0 = performance.now();
  const claimed = new Promise<number | null>((resolve) => {
    pool.onClaim = resolve;
    void sleep(60_000).then(() => resolve(null));
  });
  const { jobs } = await enqueueRun(world.ctx.deps, benchRun(repoId));
  await notifyJobsEnqueued({ wake: bus }, jobs);
  const jobId = await claimed;
  const claimMs = performance.now() - t0;
  pool.onClaim = null;
  await sleep(2000);
  const asked = await countBeatsSince(world, 'parked', woken);
  console.log(
    `parked ${total}: one enqueue: claimed after ${claimMs.toFixed(0)} ms (job ${jobId ?? 'NOT CLAIMED'}); ${asked} of ${total} parked runners asked the database within 2 s ${loadNote()}`,
  );
  await bus.close();
}

const world = await openWorld('idle');
let server: BenchServer | undefined;
try {
  const [repoId] = await seedRepos(world, 'idle', 1);
  server = await startChild(world.serverEnv({ SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000' }), {
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/.profiles'] : [],
  });
  await throughput(world, server);
  const pool: ParkedPool = {
    parked: 0,
    stopping: false,
    loops: [],
    baseline: await server.memory(),
    onClaim: null,
  };
  for (const total of (args.parked ?? '').split(',').filter(Boolean).map(Number)) {
    await parked(world, server, repoId!, pool, total);
  }
  pool.stopping = true;
  const t0 = performance.now();
  const held = pool.parked;
  await server.close(); // answers every parked heartbeat at once
  await Promise.all(pool.loops);
  console.log(`shutdown answered ${held} parked heartbeats in ${(performance.now() - t0).toFixed(0)} ms`);
} finally {
  await server?.close();
  await world.close();
}
process.exit(0);
