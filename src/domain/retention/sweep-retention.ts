/**
 * `workflow:cleanup` (SPEC §16; runbook "Retention Sweep"): the four kinds in order —
 * `chunks`, `blobs`, `runs`, `jwt_used` — each in bounded batches so no transaction holds
 * locks for long, each counted in `shithub_actions_runs_pruned_total{kind}` as it goes.
 * One sweep at a time across replicas (the `RETENTION_SWEEP_LOCK`). A dry run counts what
 * the sweep would delete now and changes nothing.
 */
import type { ClusterLock } from '../../ports/cluster-lock.js';
import type { Metrics } from '../../ports/metrics.js';
import type { RetentionCutoffs, RetentionStore } from '../../ports/retention-store.js';
import { conflict } from '../errors.js';
import { RETENTION_SWEEP_LOCK } from '../storage/lock-ids.js';
import { type RetentionPolicy, retentionCutoffs } from './cutoffs.js';
import { listExpiredArtifacts, pruneArtifacts } from './prune-artifacts.js';
import { type PruneChunksDeps, pruneLogChunks } from './prune-log-chunks.js';
import { pruneRuns } from './prune-runs.js';

export type SweepDeps = PruneChunksDeps & {
  retention: RetentionStore;
  locks: ClusterLock;
  metrics?: Metrics;
};

/** Consumed job-token rows deleted per statement. */
export const JWT_BATCH = 5_000;

export type PruneKind = 'chunks' | 'blobs' | 'runs' | 'jwt_used';

export interface SweepReport {
  dryRun: boolean;
  /** Rows deleted per kind (with `dryRun`: rows that would be). */
  counts: Record<PruneKind, number>;
  /** Object-store failures; what they concerned is kept for the next sweep. */
  failures: number;
}

/**
 * Runs one sweep with the thresholds of `policy`, at the clock's now once the lock is
 * held. With `waitForLock` it waits for a sweep in progress to end (the command line: the
 * systemd timer and `serve` may both start one at 03:30); without, conflict
 * `retention.sweep_running` (the `serve` loop: another replica sweeps). unprocessable
 * `retention.object_key_outside_runs` (see `pruneArtifacts`) stops it, with the kinds
 * before it done and counted.
 */
export async function sweepRetention(
  deps: SweepDeps,
  input: { policy: RetentionPolicy; dryRun: boolean; waitForLock?: boolean },
): Promise<SweepReport> {
  const sweep = () => {
    const cutoffs = retentionCutoffs(deps.clock.now(), input.policy);
    return input.dryRun ? countDue(deps, cutoffs) : sweepAll(deps, cutoffs);
  };
  const locked = await deps.locks.run(RETENTION_SWEEP_LOCK, sweep, { wait: input.waitForLock ?? false });
  if (!locked.acquired) throw conflict('retention.sweep_running', 'another retention sweep is running');
  return locked.value;
}

async function sweepAll(deps: SweepDeps, cutoffs: RetentionCutoffs): Promise<SweepReport> {
  const counter = (kind: PruneKind) => (deleted: number) =>
    deps.metrics?.increment('runs_pruned_total', { kind }, deleted);
  // Every kind shows on /metrics after a sweep, also the ones that found nothing.
  for (const kind of ['chunks', 'blobs', 'runs', 'jwt_used'] as const) counter(kind)(0);
  const chunks = await pruneLogChunks(deps, cutoffs, counter('chunks'));
  const blobs = await pruneArtifacts(deps, cutoffs, counter('blobs'));
  const runs = await pruneRuns(deps, cutoffs, counter('runs'));
  let jwtUsed = 0;
  for (;;) {
    const deleted = await deps.retention.deleteUsedJwts(cutoffs.jwtUsedBefore, cutoffs.now, JWT_BATCH);
    jwtUsed += deleted;
    counter('jwt_used')(deleted);
    if (deleted < JWT_BATCH) break;
  }
  return {
    dryRun: false,
    counts: { chunks: chunks.deleted, blobs: blobs.deleted, runs: runs.deleted, jwt_used: jwtUsed },
    failures: chunks.failures + blobs.failures + runs.failures,
  };
}

/** What a sweep would delete now; artifact keys are checked as the sweep would. */
async function countDue(deps: SweepDeps, cutoffs: RetentionCutoffs): Promise<SweepReport> {
  const stale = await deps.retention.countStale(cutoffs);
  let blobs = 0;
  for (let afterId = 0; ; ) {
    const batch = await listExpiredArtifacts(deps, cutoffs, afterId);
    if (batch.length === 0) break;
    blobs += batch.length;
    afterId = batch[batch.length - 1]!.id;
  }
  return {
    dryRun: true,
    counts: { chunks: stale.chunks, blobs, runs: stale.runs, jwt_used: stale.jwtUsed },
    failures: 0,
  };
}
