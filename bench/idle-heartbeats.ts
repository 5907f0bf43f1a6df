/**
 * Idle heartbeats (SPEC §20), server in a child process, nothing claimable:
 *  1. throughput: autocannon with `--connections` keep-alive connections, each one a
 *     different runner (rate limit raised with `actions.heartbeat_rate_per_minute` so no
 *     429 is counted), `{"wait_seconds":0}` bodies, all answered 204; heartbeats/s counts
 *     the 204s only;
 *  2. parked long polls: runners are added until N each hold one heartbeat with
 *     `wait_seconds: 50` (N = each of `--parked`, cumulative); the server's memory against
 *     its idle baseline and the time until they are parked; then one job is enqueued (the
 *     wake-up crosses LISTEN/NOTIFY from this process): how long until it is claimed and
 *     until every woken runner has retried its claim (the herd one enqueue sets off).
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
  report('idle_heartbeats', answered / seconds, 'heartbeats/s', { op: '>=', value: 3000 });
}

async function countBeatsSince(world: BenchWorld, prefix: string, since: Date): Promise<number> {
  const [row] = rowsOf<{ n: string }>(
    await world.ctx.db.db.execute(
      sql`SELECT count(*)::text AS n FROM workflow_runners WHERE name LIKE ${`${prefix}-%`} AND last_heartbeat_at >= ${since.toISOString()}::timestamptz`,
    ),
  );
  return Number(row?.n ?? 0);
}

async function waitForBeats(world: BenchWorld, prefix: string, since: Date, n: number, limitMs: number) {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if ((await countBeatsSince(world, prefix, since)) >= n) return performance.now() - start;
    await sleep(20);
  }
  return Number.NaN;
}

/** Parks heartbeats until `total` are held (runners added as `parked-<i>`), then wakes them once. */
async function parked(
  world: BenchWorld,
  server: BenchServer,
  repoId: number,
  state: { parked: number; baseline: NodeJS.MemoryUsage; answers: Promise<unknown>[] },
  total: number,
) {
  const adding = total - state.parked;
  const runners = await seedRunners(world, `parked-${total}`, adding);
  const since = new Date();
  const answers = runners.map((r) => heartbeat(server.url, r.token, { wait_seconds: 50 }).catch(() => null));
  state.answers.push(...answers);
  const parkMs = await waitForBeats(world, `parked-${total}`, since, adding, 40_000);
  state.parked = total;
  await sleep(500);
  const held = await server.memory();
  const { baseline } = state;
  console.log(
    `parked ${total}: ${adding} more parked after ${parkMs.toFixed(0)} ms; server rss ${(baseline.rss / MIB).toFixed(0)} -> ${(held.rss / MIB).toFixed(0)} MiB (${((held.rss - baseline.rss) / total / 1024).toFixed(1)} KiB per parked heartbeat), heap ${(baseline.heapUsed / MIB).toFixed(0)} -> ${(held.heapUsed / MIB).toFixed(0)} MiB ${loadNote()}`,
  );

  const bus = await PgWakeBus.open(world.dbUrl);
  const woken = new Date();
  const t0 = performance.now();
  const { jobs } = await enqueueRun(world.ctx.deps, benchRun(repoId));
  await notifyJobsEnqueued({ wake: bus }, jobs);
  const never = new Promise<never>(() => {});
  const claimed = await Promise.race(
    answers.map((a) => a.then((res) => (res?.status === 200 ? res : never))),
  );
  const claimMs = performance.now() - t0;
  const reparkMs = await waitForBeats(world, 'parked', woken, total, 60_000);
  state.parked = total - 1;
  console.log(
    `parked ${total}: one enqueue woke all ${total}: claimed after ${claimMs.toFixed(0)} ms (job ${claimed.body?.job.id}); every woken runner had retried its claim after ${reparkMs.toFixed(0)} ms ${loadNote()}`,
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
  const state = { parked: 0, baseline: await server.memory(), answers: [] as Promise<unknown>[] };
  for (const total of (args.parked ?? '').split(',').filter(Boolean).map(Number)) {
    await parked(world, server, repoId!, state, total);
  }
  const t0 = performance.now();
  await server.close(); // answers every parked heartbeat at once
  await Promise.all(state.answers);
  console.log(
    `shutdown answered ${state.parked} parked heartbeats in ${(performance.now() - t0).toFixed(0)} ms`,
  );
} finally {
  await server?.close();
  await world.close();
}
process.exit(0);
