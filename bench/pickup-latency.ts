/**
 * Pickup latency (SPEC §20): an idle pool of runners long-polling the heartbeat
 * (`wait_seconds: 30`), 8 and then 500 of them; one job is enqueued at a time through the
 * domain (`enqueueRun`, then `notifyJobsEnqueued`) and the time from the start of the
 * enqueue to the runner's 200 claim is sampled. Two wake-up paths:
 *  - `local`: the server runs in this process and the wake-up is published on the server's
 *    own bus (what `serve` does after a trigger enqueues), delivered in-process;
 *  - `notify`: the server runs in a child process; this process enqueues and publishes on
 *    its own PostgreSQL bus, so the wake-up crosses `LISTEN/NOTIFY` as between replicas.
 * Reference from the same run: a bare NOTIFY → LISTEN hop between two connections.
 *
 *   npx tsx bench/pickup-latency.ts [--samples 200] [--runners 8,500] [--gap-ms 50] [--mode local|notify|both]
 */
import { parseArgs } from 'node:util';
import { PgWakeBus } from '../src/adapters/postgres/wake-bus.js';
import { enqueueRun } from '../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../src/domain/runner-api/wake-runners.js';
import type { WakeBus } from '../src/ports/wake-bus.js';
import { completeJob, heartbeat, sleep } from './lib/http.js';
import { notifyLatencies } from './lib/references.js';
import { loadNote, percentile, report, summarise } from './lib/stats.js';
import {
  type BenchServer,
  type BenchWorld,
  benchRun,
  openWorld,
  seedRepos,
  seedRunners,
  startChild,
  startInProcess,
} from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    runners: { type: 'string', default: '8,500' },
    'gap-ms': { type: 'string', default: '50' },
    mode: { type: 'string', default: 'both' },
  },
});
const SAMPLES = Number(args.samples);
const GAP_MS = Number(args['gap-ms']);
const WARMUP = 10;
/**
 * One job every ~0.1 s makes each runner heartbeat far more often than a real pool does;
 * the per-runner rate limit (default 60/min) is raised so no 429 enters the samples.
 */
const RATE = { SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000' };

/** Starts the in-process server and hands back the wake bus `serve` created for it. */
async function startWithOwnBus(world: BenchWorld): Promise<{ server: BenchServer; bus: WakeBus }> {
  const original = PgWakeBus.open;
  let captured: PgWakeBus | undefined;
  PgWakeBus.open = async (url: string) => {
    captured = await original.call(PgWakeBus, url);
    return captured;
  };
  try {
    const server = await startInProcess(world.serverEnv(RATE));
    if (!captured) throw new Error('serve did not open a PostgreSQL wake bus');
    return { server, bus: captured };
  } finally {
    PgWakeBus.open = original;
  }
}

async function measure(world: BenchWorld, repoId: number, mode: 'local' | 'notify', count: number) {
  const runners = await seedRunners(world, `pickup-${mode}-${count}`, count);
  let server: BenchServer;
  let bus: WakeBus;
  let ownBus: PgWakeBus | undefined;
  if (mode === 'local') ({ server, bus } = await startWithOwnBus(world));
  else {
    server = await startChild(world.serverEnv(RATE));
    ownBus = await PgWakeBus.open(world.dbUrl);
    bus = ownBus;
  }

  const claimedAt = new Map<number, (at: number) => void>();
  const early = new Map<number, number>();
  let stopping = false;
  let errors = 0;
  const loop = async (token: string) => {
    while (!stopping) {
      try {
        const hb = await heartbeat(server.url, token, { wait_seconds: 30 });
        const at = performance.now();
        if (hb.status === 200 && hb.body) {
          const id = hb.body.job.id;
          const waiter = claimedAt.get(id);
          if (waiter) waiter(at);
          else early.set(id, at);
          await completeJob(server.url, id, hb.body.token);
        } else if (hb.status !== 204) {
          errors++;
          await sleep(100);
        }
      } catch {
        if (!stopping) errors++;
        await sleep(100);
      }
    }
  };
  const loops = runners.map((r) => loop(r.token));
  await sleep(500 + count * 4); // every runner parked

  const fromStart: number[] = [];
  const fromCommit: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    await sleep(GAP_MS);
    const t0 = performance.now();
    const { jobs } = await enqueueRun(world.ctx.deps, benchRun(repoId));
    const committed = performance.now();
    const jobId = jobs[0]!.id;
    const claimed = new Promise<number>((resolveAt) => {
      const seen = early.get(jobId);
      if (seen !== undefined) resolveAt(seen);
      else claimedAt.set(jobId, resolveAt);
    });
    await notifyJobsEnqueued({ wake: bus }, jobs);
    const at = await Promise.race([claimed, sleep(35_000).then(() => Number.NaN)]);
    claimedAt.delete(jobId);
    early.delete(jobId);
    if (Number.isNaN(at)) throw new Error(`job ${jobId} was not claimed within 35 s`);
    if (i >= WARMUP) {
      fromStart.push(at - t0);
      fromCommit.push(at - committed);
    }
  }
  stopping = true;
  await sleep(300); // the last claimed job's completion lands before the server goes
  await ownBus?.close();
  await server.close();
  await Promise.all(loops);

  const where = `server ${server.where}, ${count} runners`;
  console.log(`pickup ${mode} (${where}) ${summarise('enqueue start -> claim', fromStart)} ${loadNote()}`);
  console.log(`pickup ${mode} (${where}) ${summarise('enqueue commit -> claim', fromCommit)}`);
  if (errors > 0) console.log(`pickup ${mode}: ${errors} unexpected answers or errors`);
  report(`pickup_${mode}_${count}_p50`, percentile(fromStart, 50), 'ms', { op: '<=', value: 15 });
  report(`pickup_${mode}_${count}_p99`, percentile(fromStart, 99), 'ms', { op: '<=', value: 100 });
}

const world = await openWorld('pickup');
try {
  const [repoId] = await seedRepos(world, 'pickup', 1);
  const modes = args.mode === 'both' ? (['local', 'notify'] as const) : [args.mode as 'local' | 'notify'];
  const hop = await notifyLatencies(world.dbUrl, 200);
  console.log(`reference: bare ${summarise('NOTIFY -> LISTEN', hop)} ${loadNote()}`);
  report('pickup_reference_notify_p50', percentile(hop, 50), 'ms', { op: '>=', value: 0 });
  for (const count of (args.runners ?? '').split(',').filter(Boolean).map(Number)) {
    for (const mode of modes) await measure(world, repoId!, mode, count);
  }
} finally {
  await world.close();
}
process.exit(0);
