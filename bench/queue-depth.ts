/**
 * Claim latency against queue depth (SPEC §20): one runner claims with 1 (an idle queue:
 * the one-claim round trip of SPEC §20), 100 and then 100,000 queued jobs (bulk-inserted as `enqueueRun` writes them, bench/lib/bulk.ts), both
 * over HTTP (heartbeat `wait_seconds: 0`, server in a child process, round trip timed) and
 * on the bare claim (`PgJobQueue.claim` in this process). Each claimed job is completed
 * and replaced by a new one outside the timing, so the depth holds. A third phase puts
 * 100,000 jobs that the runner's labels do not match at the head of the queue (a backlog
 * for another kind of runner) and measures the same claims behind it (fewer samples: they
 * were slow before the claim index).
 * References from the same run, beside the idle-queue figures: the round trip of a
 * heartbeat-sized POST to an empty Node server (the HTTP floor) and of a prepared
 * `SELECT 1` (the SQL floor).
 *
 *   npx tsx bench/queue-depth.ts [--samples 200] [--deep 100000] [--behind-samples 20]
 */
import { parseArgs } from 'node:util';
import { PgJobQueue } from '../src/adapters/postgres/job-queue.js';
import { enqueueRun } from '../src/domain/jobs/enqueue-run.js';
import { updateJobStatus } from '../src/domain/jobs/update-job-status.js';
import { bulkQueue } from './lib/bulk.js';
import { completeJob, expectStatus, heartbeat } from './lib/http.js';
import { emptyServerRoundTrips, selectOneRoundTrips } from './lib/references.js';
import { loadNote, percentile, report, summarise } from './lib/stats.js';
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
    samples: { type: 'string', default: '200' },
    shallow: { type: 'string', default: '100' },
    deep: { type: 'string', default: '100000' },
    'behind-samples': { type: 'string', default: '20' },
  },
});
const SAMPLES = Number(args.samples);
const WARMUP = 20;
const BEHIND_WARMUP = 2;

type Method = 'bare' | 'http';

async function sample(
  world: BenchWorld,
  server: BenchServer,
  repoId: number,
  method: Method,
  runner: { id: number; token: string },
  counts: { warmup: number; samples: number },
) {
  const queue = new PgJobQueue(world.ctx.db.db);
  const { lifecycle, clock } = world.ctx.deps;
  const times: number[] = [];
  for (let i = 0; i < counts.warmup + counts.samples; i++) {
    let jobId: number;
    if (method === 'bare') {
      const t0 = performance.now();
      const outcome = await queue.claim({ runnerId: runner.id, now: clock.now() });
      const ms = performance.now() - t0;
      if (outcome.kind !== 'claimed') throw new Error(`bare claim: ${outcome.kind}`);
      jobId = outcome.job.id;
      if (i >= counts.warmup) times.push(ms);
      await updateJobStatus(
        { lifecycle, clock },
        { jobId, runnerId: runner.id, status: 'completed', conclusion: 'success' },
      );
    } else {
      const t0 = performance.now();
      const hb = expectStatus(await heartbeat(server.url, runner.token, { wait_seconds: 0 }), 200);
      const ms = performance.now() - t0;
      jobId = hb.body!.job.id;
      if (i >= counts.warmup) times.push(ms);
      expectStatus(await completeJob(server.url, jobId, hb.body!.token), 200);
    }
    await enqueueRun(world.ctx.deps, benchRun(repoId));
  }
  return times;
}

async function phase(
  world: BenchWorld,
  server: BenchServer,
  repoId: number,
  label: string,
  runners: Record<Method, { id: number; token: string }>,
  counts = { warmup: WARMUP, samples: SAMPLES },
) {
  const out = {} as Record<Method, number>;
  for (const method of ['bare', 'http'] as const) {
    const times = await sample(world, server, repoId, method, runners[method], counts);
    console.log(`queue ${label} ${method}: ${summarise('claim', times)} ${loadNote()}`);
    out[method] = percentile(times, 50);
  }
  return out;
}

const world = await openWorld('depth');
let server: BenchServer | undefined;
try {
  const [repoId] = await seedRepos(world, 'depth', 1);
  const [bareRunner, httpRunner] = await seedRunners(world, 'depth', 2);
  const runners = { bare: bareRunner!, http: httpRunner! };
  server = await startChild(world.serverEnv({ SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000' }));
  const db = world.ctx.db.db;
  const shallow = Number(args.shallow);
  const deep = Number(args.deep);

  await bulkQueue(db, { repoId: repoId!, count: 1, runsOn: ['ubuntu-latest'], from: new Date() });
  const idle = await phase(world, server, repoId!, 'depth=1 (idle queue)', runners);
  const httpFloor = percentile(await emptyServerRoundTrips(SAMPLES), 50);
  const sqlFloor = percentile(await selectOneRoundTrips(world.dbUrl, SAMPLES), 50);
  console.log(
    `references: empty Node server POST round trip p50=${httpFloor.toFixed(2)}ms, prepared SELECT 1 round trip p50=${sqlFloor.toFixed(2)}ms ${loadNote()}`,
  );

  await bulkQueue(db, { repoId: repoId!, count: shallow - 1, runsOn: ['ubuntu-latest'], from: new Date() });
  const small = await phase(world, server, repoId!, `depth=${shallow}`, runners);

  let t = performance.now();
  await bulkQueue(db, {
    repoId: repoId!,
    count: deep - shallow,
    runsOn: ['ubuntu-latest'],
    from: new Date(),
  });
  console.log(`queued ${deep - shallow} more in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const big = await phase(world, server, repoId!, `depth=${deep}`, runners);

  t = performance.now();
  const [otherRepo] = await seedRepos(world, 'gpu', 1);
  await bulkQueue(db, {
    repoId: otherRepo!,
    count: deep,
    runsOn: ['gpu'],
    from: new Date(Date.now() - 86_400_000),
  });
  console.log(
    `queued ${deep} unmatched (runs-on gpu) at the head in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const behind = await phase(world, server, repoId!, `depth=${deep}+${deep} unmatched ahead`, runners, {
    warmup: BEHIND_WARMUP,
    samples: Number(args['behind-samples']),
  });

  report('claim_idle_queue_http_p50', idle.http, 'ms', { op: '<=', value: 5 });
  report('claim_idle_queue_bare_p50', idle.bare, 'ms', { op: '<=', value: 2 });
  report('claim_idle_queue_http_over_empty_server', idle.http / httpFloor, 'ratio', { op: '>=', value: 0 });
  report('claim_idle_queue_bare_over_select_one', idle.bare / sqlFloor, 'ratio', { op: '>=', value: 0 });
  for (const method of ['bare', 'http'] as const) {
    report(`queue_depth_${method}_p50_at_${shallow}`, small[method], 'ms', { op: '>=', value: 0 });
    report(`queue_depth_${method}_p50_at_${deep}`, big[method], 'ms', { op: '>=', value: 0 });
    report(`queue_depth_${method}_ratio`, big[method] / small[method], 'ratio', { op: '<=', value: 2 });
    report(`queue_depth_${method}_ratio_unmatched_ahead`, behind[method] / small[method], 'ratio', {
      op: '<=',
      value: 2,
    });
    report(`queue_depth_${method}_unmatched_ahead_over_idle`, behind[method] / idle[method], 'ratio', {
      op: '<=',
      value: 2,
    });
  }
} finally {
  await server?.close();
  await world.close();
}
process.exit(0);
