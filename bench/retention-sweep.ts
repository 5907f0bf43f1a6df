/**
 * The retention sweep over 1,000,000 log chunks (SPEC §16, §20): `--steps` ended steps
 * (2,000) of one-step runs, each with `--chunks` chunks (500) of `--chunk-bytes` bytes (64),
 * all created 8 days ago, so the sweep's first kind archives every step's log to the
 * filesystem object store and deletes its chunks, one step per transaction. Measured: the
 * sweep's total time, and the longest transaction any client held in the database while it
 * ran (`pg_stat_activity` polled every 5 ms; target < 1 s).
 *
 *   npx tsx bench/retention-sweep.ts [--steps 2000] [--chunks 500] [--chunk-bytes 64]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/adapters/postgres/run-rows.js';
import { DEFAULT_RETENTION } from '../src/domain/retention/cutoffs.js';
import { sweepRetention } from '../src/domain/retention/sweep-retention.js';
import { bulkEndedStepLogs } from './lib/bulk-logs.js';
import { report } from './lib/stats.js';
import { openWorld, seedRepos } from './lib/world.js';
import { sampleTransactions } from './lib/xact-sampler.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    chunks: { type: 'string', default: '500' },
    'chunk-bytes': { type: 'string', default: '64' },
  },
});
const STEPS = Number(args.steps);
const CHUNKS = Number(args.chunks);
const DAY_MS = 24 * 60 * 60 * 1000;

const world = await openWorld('sweep');
try {
  const [repoId] = await seedRepos(world, 'sweep', 1);
  const t0 = performance.now();
  await bulkEndedStepLogs(world.ctx.db.db, {
    repoId: repoId!,
    steps: STEPS,
    chunksPerStep: CHUNKS,
    chunkBytes: Number(args['chunk-bytes']),
    at: new Date(Date.now() - 8 * DAY_MS),
    queue: false,
  });
  console.log(`seeded ${STEPS * CHUNKS} chunks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const sampler = sampleTransactions(world.dbUrl);
  const t1 = performance.now();
  const swept = await sweepRetention(world.ctx.deps, { policy: DEFAULT_RETENTION, dryRun: false });
  const seconds = (performance.now() - t1) / 1000;
  const longest = await sampler.stop();

  const [left] = rowsOf<{ n: number }>(
    await world.ctx.db.db.execute(sql`SELECT count(*)::int AS n FROM workflow_step_log_chunks`),
  );
  console.log(`sweep: ${JSON.stringify(swept.counts)}, failures ${swept.failures}, chunks left ${left?.n}`);
  console.log(
    `longest transaction: ${longest.ms.toFixed(1)} ms of ${longest.seen} seen: ${longest.query.slice(0, 160)}`,
  );
  if (swept.counts.chunks !== STEPS * CHUNKS) throw new Error(`swept ${swept.counts.chunks} chunks`);
  report(`sweep_${STEPS * CHUNKS}_chunks_total`, seconds, 's', { op: '<', value: 600 });
  report(`sweep_${STEPS * CHUNKS}_chunks_per_s`, (STEPS * CHUNKS) / seconds, 'chunks/s', {
    op: '>=',
    value: 0,
  });
  report('sweep_longest_transaction', longest.ms, 'ms', { op: '<', value: 1000 });
} finally {
  await world.close();
}
