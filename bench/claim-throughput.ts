/**
 * Claim throughput (SPEC §20): 50 concurrent runners (capacity 64, registered through the
 * domain) on the same database, each side on a freshly queued set of jobs:
 *  - `bare`: `PgJobQueue.claim` + `updateJobStatus` through the domain in this process, 50
 *    concurrent callers on a pool of `--pool` connections (the server's default 10);
 *  - `http`: the same over HTTP against a server in a child process (heartbeat
 *    `wait_seconds: 0`, then `POST /jobs/{id}/status` completed/success with the job token);
 *  - `claim`: claims only (no completion), `PgJobQueue.claim`, 50 callers, pool `--pool`;
 *  - `pgbench`: the reference — PostgreSQL's own client running the very statements of a
 *    claim (`LOCK_RUNNER`, `COUNT_RUNNING`, `CLAIM_LOCK`, `TAKE_JOB` in one transaction,
 *    `-M prepared`) with 50
 *    clients, one runner each, on as many queued jobs: `bare ÷ pgbench` says how much of
 *    the physical limit the Node side leaves on the table.
 * Double claims are counted from what the callers got and what the database recorded.
 *
 *   npx tsx bench/claim-throughput.ts [--jobs 5000] [--claims 2500] [--runners 50] [--pool 10]
 *     [--order bare,http,claim,pgbench] [--cpu-prof]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { CLAIM_LOCK, COUNT_RUNNING, LOCK_RUNNER, TAKE_JOB } from '../src/adapters/postgres/claim-sql.js';
import { PgJobQueue } from '../src/adapters/postgres/job-queue.js';
import { rowsOf, sqlArray } from '../src/adapters/postgres/run-rows.js';
import { updateJobStatus } from '../src/domain/jobs/update-job-status.js';
import { bulkQueue } from './lib/bulk.js';
import { completeJob, expectStatus, heartbeat, sleep } from './lib/http.js';
import { pgbench } from './lib/references.js';
import { loadNote, report } from './lib/stats.js';
import { type BenchWorld, enqueueMany, openWorld, seedRepos, seedRunners, startChild } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    claims: { type: 'string', default: '2500' },
    runners: { type: 'string', default: '50' },
    pool: { type: 'string', default: '10' },
    order: { type: 'string', default: 'bare,http,claim,pgbench' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const JOBS = Number(args.jobs);
const CLAIMS = Number(args.claims);
const RUNNERS = Number(args.runners);
const POOL = Number(args.pool);

interface Claim {
  jobId: number;
  runnerId: number;
}

/** Runs `RUNNERS` loops of `once` until `total` claims were made; returns claims and seconds. */
async function drive(total: number, once: (runnerIndex: number) => Promise<Claim | undefined>) {
  const claims: Claim[] = [];
  const start = performance.now();
  const loop = async (index: number) => {
    while (claims.length < total) {
      const claim = await once(index);
      if (claim) claims.push(claim);
      else if (claims.length < total) await sleep(2); // the rest are held by other claimers
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

async function bare(world: BenchWorld, complete: boolean) {
  const runners = await seedRunners(world, complete ? 'bare' : 'claim', RUNNERS, { capacity: 64 });
  const queue = new PgJobQueue(world.ctx.db.db);
  const { lifecycle, clock } = world.ctx.deps;
  return drive(complete ? JOBS : CLAIMS, async (i) => {
    const runnerId = runners[i]!.id;
    const outcome = await queue.claim({ runnerId, now: clock.now() });
    if (outcome.kind !== 'claimed') return undefined;
    if (complete) {
      await updateJobStatus(
        { lifecycle, clock },
        { jobId: outcome.job.id, runnerId, status: 'completed', conclusion: 'success' },
      );
    }
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
    return await drive(JOBS, async (i) => {
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

/** The claim's two statements as a pgbench script: `$n` become `:pn`, each client its own runner. */
async function viaPgbench(world: BenchWorld) {
  const runners = await seedRunners(world, 'pgbench', RUNNERS, { capacity: 64 });
  const ids = runners.map((r) => r.id).sort((x, y) => x - y);
  const first = ids[0]!;
  if (ids.some((id, i) => id !== first + i)) throw new Error('pgbench runners are not consecutive');
  const asVars = (text: string) => text.replace(/\$(\d+)/g, ':p$1');
  // The claim lock too: the claim sends it with TAKE_JOB (claim-sql.ts, issue #12 fix 5).
  const script = `\\set p1 :client_id + ${first}\nBEGIN;\n${asVars(LOCK_RUNNER)};\n${asVars(COUNT_RUNNING)};\n${CLAIM_LOCK};\n${asVars(TAKE_JOB)};\nEND;\n`;
  const perClient = Math.floor(CLAIMS / RUNNERS);
  const tps = pgbench({
    url: world.dbUrl,
    script,
    clients: RUNNERS,
    transactions: perClient,
    defines: {
      p2: '{ubuntu-latest}',
      p3: '64',
      p4: 'pgbench',
      p5: 'pgbench',
      p6: new Date().toISOString(),
      p7: 'idle',
      p8: 'idle',
      p9: '16',
      p10: '-infinity',
      p11: '0',
    },
  });
  const [row] = rowsOf<{ n: string; distinct: string }>(
    await world.ctx.db.db.execute(
      sql`SELECT count(*)::text AS n, count(DISTINCT id)::text AS distinct FROM workflow_jobs
          WHERE runner_id BETWEEN ${first} AND ${first + RUNNERS - 1}`,
    ),
  );
  // A transaction that found every candidate locked takes nothing (pgbench has no paging):
  // count claims, not transactions.
  const taken = Number(row?.n ?? 0);
  const claimsPerSecond = (tps * taken) / (perClient * RUNNERS);
  console.log(
    `claims pgbench: ${RUNNERS} clients x ${perClient} claim transactions at ${tps.toFixed(1)} tps (-M prepared); jobs taken ${taken} = ${claimsPerSecond.toFixed(1)} claims/s ${loadNote()}`,
  );
  return { tps, claimsPerSecond };
}

/** Queues work for one side: one-job runs through the domain, or a bulk load for claim-only sides. */
async function queueFor(world: BenchWorld, side: string, repoIds: number[]) {
  const db = world.ctx.db.db;
  // Claim-only sides leave their jobs running: end them so the next side starts level.
  await db.execute(
    sql`UPDATE workflow_jobs SET status = 'completed', conclusion = 'success' WHERE status = 'running'`,
  );
  await db.execute(sql`VACUUM ANALYZE`);
  const start = performance.now();
  if (side === 'bare' || side === 'http') await enqueueMany(world, repoIds, JOBS);
  else
    await bulkQueue(db, {
      repoId: repoIds[0]!,
      count: CLAIMS + 100,
      runsOn: ['ubuntu-latest'],
      from: new Date(),
    });
  await db.execute(sql`VACUUM ANALYZE`);
  return (performance.now() - start) / 1000;
}

const world = await openWorld('claims', { poolSize: POOL });
try {
  const repoIds = await seedRepos(world, 'claims', 10);
  // Claim-only sides keep thousands of jobs running in one repository.
  await world.ctx.db.db.execute(
    sql`UPDATE actions_site_policy SET max_repo_concurrent_jobs = 100000, max_owner_concurrent_jobs = 100000`,
  );
  const rates: Record<string, number> = {};
  let doubles = 0;
  for (const side of (args.order ?? '').split(',').filter(Boolean)) {
    const queueSeconds = await queueFor(world, side, repoIds);
    if (side === 'pgbench') {
      const bench = await viaPgbench(world);
      rates.pgbench = bench.claimsPerSecond;
      rates.pgbenchTps = bench.tps;
      continue;
    }
    const { claims, seconds } = side === 'http' ? await http(world) : await bare(world, side === 'bare');
    const check = await doubleClaims(world, claims);
    doubles += check.duplicates + check.mismatched;
    rates[side] = claims.length / seconds;
    console.log(
      `claims ${side}: ${claims.length} jobs claimed${side === 'claim' ? '' : '+completed'} by ${RUNNERS} runners in ${seconds.toFixed(2)} s = ${rates[side]!.toFixed(1)}/s (pool ${POOL}; queued in ${queueSeconds.toFixed(1)} s) duplicates=${check.duplicates} db_mismatch=${check.mismatched} unfinished=${side === 'claim' ? '-' : check.unfinished} ${loadNote()}`,
    );
  }
  const nan = Number.NaN;
  report('claims_bare', rates.bare ?? nan, 'claims/s', { op: '>=', value: 500 });
  report('claims_http', rates.http ?? nan, 'claims/s', { op: '>=', value: 0 });
  report('claims_http_over_bare', (rates.http ?? nan) / (rates.bare ?? nan), 'ratio', {
    op: '>=',
    value: 0.5,
  });
  report('claims_double', doubles, 'jobs', { op: '<=', value: 0 });
  report('claim_only_bare', rates.claim ?? nan, 'claims/s', { op: '>=', value: 0 });
  report('claim_only_pgbench', rates.pgbench ?? nan, 'claims/s', { op: '>=', value: 0 });
  report('claim_only_bare_over_pgbench', (rates.claim ?? nan) / (rates.pgbench ?? nan), 'ratio', {
    op: '>=',
    value: 0,
  });
  // pgbench transactions that found every candidate locked count here too.
  report('claim_only_bare_over_pgbench_tps', (rates.claim ?? nan) / (rates.pgbenchTps ?? nan), 'ratio', {
    op: '>=',
    value: 0,
  });
} finally {
  await world.close();
}
process.exit(0);
