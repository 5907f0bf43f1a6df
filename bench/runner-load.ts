/**
 * Load (issue #12 Build 2): `--runners` simulated runners (bench/lib/sim-runner.ts)
 * long-polling (`wait_seconds: 30`) and `--jobs` jobs through the full HTTP path — claim,
 * one 2 KiB log chunk, both steps and the job reported completed, each call on the token
 * chain — against the real `shithubd serve` (bin/shithubd.js) as one process and then as
 * two replicas on the same PostgreSQL (runner i calls replica i mod 2). This process
 * enqueues through the domain (`enqueueRun`) and wakes the servers over PostgreSQL
 * NOTIFY, keeping at most `--window` jobs queued or running (so parked runners are always
 * there: pickup measures the server, not a backlog). Reported per setup: claims/s (claims
 * over the time from the first enqueue to the last completion), pickup p50/p99 (start of the
 * enqueue → claim received, as bench/pickup-latency.ts), the largest server RSS (sampled every second), the most
 * PostgreSQL connections the servers held (`pg_stat_activity` by application name), and
 * answers 5xx (must be 0) or otherwise unexpected.
 *
 *   npx tsx bench/runner-load.ts [--runners 500] [--jobs 20000] [--window 50] [--replicas 1,2] [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/adapters/postgres/run-rows.js';
import { PgWakeBus } from '../src/adapters/postgres/wake-bus.js';
import { enqueueRun } from '../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../src/domain/runner-api/wake-runners.js';
import { freePort, type ShithubdProcess, shithubdProcess } from './lib/shithubd-process.js';
import { newSimStats, runSimRunner } from './lib/sim-runner.js';
import { loadNote, percentile, report } from './lib/stats.js';
import { type BenchWorld, benchRun, openWorld, seedRepos, seedRunners } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    runners: { type: 'string' },
    jobs: { type: 'string' },
    window: { type: 'string', default: '50' },
    replicas: { type: 'string', default: '1,2' },
    quick: { type: 'boolean', default: false },
  },
});
const RUNNERS = Number(args.runners ?? (args.quick ? 100 : 500));
const JOBS = Number(args.jobs ?? (args.quick ? 500 : 20_000));
const WINDOW = Number(args.window);
const CHUNK = Buffer.from(`${'load bench log line .......................................\n'.repeat(34)}`)
  .subarray(0, 2048)
  .toString('base64');

async function pgConnections(world: BenchWorld, app: string): Promise<number> {
  const [row] = rowsOf<{ n: string }>(
    await world.ctx.db.db.execute(
      sql`SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name LIKE ${`${app}%`}`,
    ),
  );
  return Number(row?.n ?? 0);
}

async function measure(world: BenchWorld, repoIds: number[], replicas: number): Promise<void> {
  const app = `shithubd-load-${replicas}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'shithub-load-'));
  const servers: ShithubdProcess[] = [];
  for (let i = 0; i < replicas; i++) {
    servers.push(
      shithubdProcess({
        port: await freePort(),
        dataDir,
        env: world.serverEnv({ SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000' }),
        logFile: join(dataDir, `server-${i}.log`),
        appName: `${app}-${i}`,
      }),
    );
  }
  await Promise.all(servers.map((s) => s.start()));
  const bus = await PgWakeBus.open(world.dbUrl);
  const runners = await seedRunners(world, `load${replicas}`, RUNNERS);
  const stats = newSimStats();
  const stop = new AbortController();
  const loops = runners.map((r, i) =>
    runSimRunner({
      base: servers[i % replicas]!.url,
      token: r.token,
      chunk: CHUNK,
      waitSeconds: 30,
      stats,
      stop: stop.signal,
    }),
  );
  await new Promise((r) => setTimeout(r, 2000 + RUNNERS * 4)); // every runner parked
  const rss = servers.map(() => 0);
  let connections = 0;
  const sampler = setInterval(() => {
    servers.forEach((s, i) => {
      rss[i] = Math.max(rss[i]!, s.rssKiB() || 0);
    });
    void pgConnections(world, app).then((n) => {
      connections = Math.max(connections, n);
    });
  }, 1000);

  const enqueuedAt = new Map<number, number>();
  let enqueued = 0;
  const start = performance.now();
  const feeder = async () => {
    while (enqueued < JOBS) {
      if (enqueued - stats.jobsDone >= WINDOW) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      enqueued++;
      const run = benchRun(repoIds[enqueued % repoIds.length]!);
      const t0 = performance.now();
      const { jobs } = await enqueueRun(world.ctx.deps, run);
      enqueuedAt.set(jobs[0]!.id, t0);
      await notifyJobsEnqueued({ wake: bus }, jobs);
    }
  };
  await Promise.all(Array.from({ length: 4 }, feeder));
  const deadline = Date.now() + 120_000;
  while (stats.jobsDone < JOBS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  stop.abort();
  await bus.close();
  await Promise.all(servers.map((s) => s.stop('SIGTERM')));
  await Promise.all(loops);

  const pickups: number[] = [];
  for (const [id, at] of enqueuedAt) {
    const claimed = stats.claimedAt.get(id);
    if (claimed !== undefined) pickups.push(claimed - at);
  }
  const name = replicas === 1 ? 'one process' : `${replicas} replicas`;
  console.log(
    `load (${name}): ${RUNNERS} runners, ${stats.claims} claims, ${stats.jobsDone} of ${JOBS} jobs done in ${seconds.toFixed(1)} s; window ${WINDOW}; server RSS max ${rss.map((k) => `${(k / 1024).toFixed(0)} MiB`).join(' / ')}; PostgreSQL connections max ${connections}; 5xx ${stats.fiveXx}; unexpected ${stats.unexpected} ${stats.lastUnexpected}; transport failures ${stats.failures} ${loadNote()}`,
  );
  const calls = [...stats.latency].map(([what, ms]) => `${what} p50 ${percentile(ms, 50).toFixed(1)} ms`);
  console.log(`load (${name}): job calls ${calls.join(', ')}`);
  const key = `load_${replicas}`;
  report(`${key}_claims_per_s`, stats.claims / seconds, 'claims/s', { op: '>=', value: 0 });
  report(`${key}_pickup_p50`, percentile(pickups, 50), 'ms', { op: '<=', value: 15 });
  report(`${key}_pickup_p99`, percentile(pickups, 99), 'ms', { op: '<=', value: 100 });
  report(`${key}_server_rss_max`, Math.max(...rss) / 1024, 'MiB', { op: '>=', value: 0 });
  report(`${key}_pg_connections_max`, connections, 'connections', { op: '>=', value: 0 });
  report(`${key}_5xx`, stats.fiveXx, 'answers', { op: '<=', value: 0 });
  report(`${key}_jobs_not_done`, JOBS - stats.jobsDone, 'jobs', { op: '<=', value: 0 });
  rmSync(dataDir, { recursive: true, force: true });
}

const world = await openWorld('load');
try {
  const repoIds = await seedRepos(world, 'load', 10);
  // 500 runners on 10 repositories: the default caps (20 per repo, 100 per owner) would hold jobs back.
  await world.ctx.db.db.execute(
    sql`UPDATE actions_site_policy SET max_repo_concurrent_jobs = 100000, max_owner_concurrent_jobs = 100000`,
  );
  for (const replicas of (args.replicas ?? '').split(',').filter(Boolean).map(Number)) {
    await measure(world, repoIds, replicas);
  }
} finally {
  await world.close();
}
process.exit(0);
