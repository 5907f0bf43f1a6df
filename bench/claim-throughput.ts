/**
 * Claim throughput (SPEC §20): 50 concurrent runners (capacity 64, registered through the
 * domain) each loop claim → complete until the queue is empty, once over HTTP against a
 * server in a child process (heartbeat `wait_seconds: 0`, then `POST /jobs/{id}/status`
 * completed/success with the job token) and once on the bare claim SQL in this process
 * (`PgJobQueue.claim` + `updateJobStatus` through the domain, 50 concurrent callers), on
 * the same database with the same number of freshly enqueued one-job runs each time. Both
 * sides use a pool of `--pool` connections (the server's default 10). Double claims are
 * counted from what the callers got and what the database recorded.
 *
 *   npx tsx bench/claim-throughput.ts [--jobs 5000] [--runners 50] [--pool 10] [--order bare,http]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { PgJobQueue } from '../src/adapters/postgres/job-queue.js';
import { rowsOf, sqlArray } from '../src/adapters/postgres/run-rows.js';
import { updateJobStatus } from '../src/domain/jobs/update-job-status.js';
import { completeJob, expectStatus, heartbeat, sleep } from './lib/http.js';
import { loadNote, report } from './lib/stats.js';
import { type BenchWorld, enqueueMany, openWorld, seedRepos, seedRunners, startChild } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    runners: { type: 'string', default: '50' },
    pool: { type: 'string', default: '10' },
    order: { type: 'string', default: 'bare,http' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const JOBS = Number(args.jobs);
const RUNNERS = Number(args.runners);
const POOL = Number(args.pool);

interface Claim {
  jobId: number;
  runnerId: number;
}

/** Runs `RUNNERS` loops of `once` until `JOBS` claims were made; returns claims and seconds. */
async function drive(once: (runnerIndex: number) => Promise<Claim | undefined>) {
  const claims: Claim[] = [];
  const start = performance.now();
  const loop = async (index: number) => {
    while (claims.length < JOBS) {
      const claim = await once(index);
      if (claim) claims.push(claim);
      else if (claims.length < JOBS) await sleep(2); // the rest are held by other claimers
    }
  };
  await Promise.all(Array.from({ length: RUNNERS }, (_, i) => loop(i)));
  return { claims, seconds: (performance.now() - start) / 1000 };
}

async function doubleClaims(world: BenchWorld, claims: Claim[]) {
  const distinct = new Set(claims.map((c) => c.jobId));
  const ids = [...distinct];
  const rows = rowsOf<{ id: string; runner_id: string | null; status: string }>(
    await world.ctx.db.db.execute(
      sql`SELECT id::text, runner_id::text, status FROM workflow_jobs WHERE id = ANY(${sqlArray(ids, 'bigint')})`,
    ),
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const mismatched = claims.filter((c) => Number(byId.get(c.jobId)?.runner_id) !== c.runnerId).length;
  const unfinished = rows.filter((r) => r.status !== 'completed').length;
  return { duplicates: claims.length - distinct.size, mismatched, unfinished };
}

async function bare(world: BenchWorld) {
  const runners = await seedRunners(world, 'bare', RUNNERS, { capacity: 64 });
  const queue = new PgJobQueue(world.ctx.db.db);
  const { lifecycle, clock } = world.ctx.deps;
  return drive(async (i) => {
    const runnerId = runners[i]!.id;
    const outcome = await queue.claim({ runnerId, now: clock.now() });
    if (outcome.kind !== 'claimed') return undefined;
    await updateJobStatus(
      { lifecycle, clock },
      { jobId: outcome.job.id, runnerId, status: 'completed', conclusion: 'success' },
    );
    return { jobId: outcome.job.id, runnerId };
  });
}

async function http(world: BenchWorld) {
  const runners = await seedRunners(world, 'http', RUNNERS, { capacity: 64 });
  const server = await startChild(
    world.serverEnv({
      SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000',
      SHITHUB_DATABASE__POOL_SIZE: String(POOL),
    }),
    { nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/.profiles'] : [] },
  );
  try {
    return await drive(async (i) => {
      const { id, token } = runners[i]!;
      const hb = expectStatus(
        await heartbeat(server.url, token, { capacity: 64, wait_seconds: 0 }),
        200,
        204,
      );
      if (hb.status !== 200 || !hb.body) return undefined;
      expectStatus(await completeJob(server.url, hb.body.job.id, hb.body.token), 200);
      return { jobId: hb.body.job.id, runnerId: id };
    });
  } finally {
    await server.close();
  }
}

const world = await openWorld('claims', { poolSize: POOL });
try {
  const repoIds = await seedRepos(world, 'claims', 10);
  const rates: Record<string, number> = {};
  let doubles = 0;
  for (const side of (args.order ?? 'bare,http').split(',')) {
    await world.ctx.db.db.execute(sql`VACUUM ANALYZE`);
    const enqueueStart = performance.now();
    await enqueueMany(world, repoIds, JOBS);
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
    await world.ctx.db.db.execute(sql`VACUUM ANALYZE`);
    const { claims, seconds } = side === 'http' ? await http(world) : await bare(world);
    const check = await doubleClaims(world, claims);
    doubles += check.duplicates + check.mismatched;
    rates[side] = claims.length / seconds;
    console.log(
      `claims ${side}: ${claims.length} jobs claimed+completed by ${RUNNERS} runners in ${seconds.toFixed(2)} s = ${rates[side]!.toFixed(1)}/s (pool ${POOL}; enqueue ${(JOBS / enqueueSeconds).toFixed(0)} runs/s) duplicates=${check.duplicates} db_mismatch=${check.mismatched} unfinished=${check.unfinished} ${loadNote()}`,
    );
  }
  report('claims_bare', rates.bare ?? Number.NaN, 'claims/s', { op: '>=', value: 0 });
  report('claims_http', rates.http ?? Number.NaN, 'claims/s', { op: '>=', value: 0 });
  report('claims_http_over_bare', (rates.http ?? 0) / (rates.bare ?? Number.NaN), 'ratio', {
    op: '>=',
    value: 0.5,
  });
  report('claims_double', doubles, 'jobs', { op: '<=', value: 0 });
} finally {
  await world.close();
}
process.exit(0);
