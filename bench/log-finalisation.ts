/**
 * Log finalisation throughput (SPEC §11, §20): `--steps` ended steps (64), each holding
 * `--chunks` chunks (32) of 64 KiB of log lines in PostgreSQL and queued in the outbox, are
 * finalised by `finaliseDueLogs` rounds (as the `serve` loop runs them) into the filesystem
 * store, then — reseeded — into S3 (s3rver started here, or MinIO with
 * SHITHUB_TEST_S3_ENDPOINT). MiB/s counts log bytes archived (read from SQL, uploaded, the
 * record written and the chunks deleted) per second of wall time; every object's SHA-256 is
 * checked against the step row afterwards.
 *
 *   npx tsx bench/log-finalisation.ts [--steps 64] [--chunks 32] [--stores fs,s3]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { FsObjectStore } from '../src/adapters/storage/fs-object-store.js';
import { S3ObjectStore } from '../src/adapters/storage/s3-object-store.js';
import { finaliseDueLogs } from '../src/domain/logs/finalise-due-logs.js';
import type { ObjectStore } from '../src/ports/object-store.js';
import { startS3Server } from '../test/support/s3-server.js';
import { bulkEndedStepLogs } from './lib/bulk-logs.js';
import { report } from './lib/stats.js';
import { type BenchWorld, openWorld, seedRepos } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '64' },
    chunks: { type: 'string', default: '32' },
    stores: { type: 'string', default: 'fs,s3' },
  },
});
const STEPS = Number(args.steps);
const CHUNKS = Number(args.chunks);
const CHUNK_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

async function measure(world: BenchWorld, repoId: number, name: string, objects: ObjectStore): Promise<void> {
  await world.ctx.db.db.execute(sql`TRUNCATE workflow_runs CASCADE`);
  const bytes = await bulkEndedStepLogs(world.ctx.db.db, {
    repoId,
    steps: STEPS,
    chunksPerStep: CHUNKS,
    chunkBytes: CHUNK_BYTES,
    at: new Date(),
    queue: true,
  });
  const deps = { ...world.ctx.deps, objects };
  const t0 = performance.now();
  let finalised = 0;
  for (;;) {
    const round = await finaliseDueLogs(deps, { limit: 16 });
    if (round.failed.length > 0) throw new Error(`finalisation failed: ${round.failed[0]!.error}`);
    if (round.finalised === 0) break;
    finalised += round.finalised;
  }
  const seconds = (performance.now() - t0) / 1000;
  const steps = await world.ctx.db.db.query.workflowSteps.findMany();
  for (const step of steps) {
    const hash = createHash('sha256');
    for await (const piece of (await objects.get(step.logObjectKey!))!) hash.update(piece);
    if (hash.digest('hex') !== step.logSha256) throw new Error(`step ${step.id}: SHA-256 mismatch`);
  }
  console.log(`${name}: ${finalised} steps, ${(bytes / MIB).toFixed(0)} MiB in ${seconds.toFixed(2)} s`);
  report(`log_finalisation_${name}`, bytes / MIB / seconds, 'MiB/s', { op: '>=', value: 0 });
}

const world = await openWorld('finalise');
const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-objects-'));
try {
  const [repoId] = await seedRepos(world, 'finalise', 1);
  const stores = args.stores.split(',');
  if (stores.includes('fs')) await measure(world, repoId!, 'fs', new FsObjectStore(join(dir, 'objects')));
  if (stores.includes('s3')) {
    const server = await startS3Server();
    try {
      await measure(
        world,
        repoId!,
        server.kind.split(' ')[0]!.toLowerCase(),
        S3ObjectStore.connect(server.settings),
      );
    } finally {
      await server.close();
    }
  }
} finally {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
}
