/**
 * Log finalisation (SPEC §11): an ended step's log leaves SQL for the object store. Its
 * sealed carry is flushed first (scrubbed with the job's mask set, as the runner-side end
 * does), then the archived part (if any) and the SQL chunks in `seq` order are written as
 * one object at `actions/runs/<run_id>/jobs/<job_id>/steps/<step_index>.log`, and the step
 * row records key, byte count and SHA-256 — and when its parts arrived (`log-times.ts`) — in
 * the transaction that deletes those chunks.
 *
 * Idempotent and crash-safe: the upload comes first and its bytes follow from what is
 * stored, so a crash before the record leaves chunks and outbox entry in place, and the
 * retry uploads the same bytes again. The record is a compare-and-set on the archive the
 * upload was built on, and deletes only the chunks it read: a chunk stored meanwhile stays
 * and keeps the outbox entry for the next round, which appends it.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Metrics } from '../../ports/metrics.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { SecretBox } from '../../ports/secret-box.js';
import type { ArchivedLog, StepLogArchive, StoredStepLog } from '../../ports/step-log-archive.js';
import { isTerminal } from '../jobs/transitions.js';
import { type JobMaskDeps, loadJobMaskSet } from '../runner-api/job-masks.js';
import { flushCarries } from '../runner-api/log-carry.js';
import { stepLogKey } from '../storage/object-keys.js';
import { storedLogTimes } from './log-times.js';

export type FinaliseDeps = Omit<JobMaskDeps, 'secretBox'> & {
  stepLogs: StepLogArchive;
  objects: ObjectStore;
  clock: Clock;
  /** Null without a configured key: then no carry can exist, and none can be flushed. */
  secretBox: SecretBox | null;
  metrics?: Metrics;
};

export interface FinalisedLog {
  /** `recorded`: the step's log is archived (or had nothing to archive). */
  outcome: 'recorded' | 'stale' | 'gone';
  /** SQL chunks this finalisation removed. */
  chunksDeleted: number;
  archived: ArchivedLog | null;
}

/** Finalises one step's log (see the file comment). Throws on an object store failure. */
export async function finaliseStepLog(deps: FinaliseDeps, stepId: number): Promise<FinalisedLog> {
  let stored = await deps.stepLogs.readStoredLog(stepId);
  if (stored?.hasCarry) {
    await flushStepCarry(deps, stored);
    stored = await deps.stepLogs.readStoredLog(stepId);
  }
  if (!stored) return { outcome: 'gone', chunksDeleted: 0, archived: null };
  const expected = stored.archived;
  const seqs = stored.chunks.map((c) => c.seq);
  let archived = expected;
  if (seqs.length > 0) {
    const key = stepLogKey(stored);
    const size = (expected?.byteCount ?? 0) + stored.chunks.reduce((n, c) => n + c.chunk.length, 0);
    const hash = createHash('sha256');
    await deps.objects.put(key, hashed(logBytes(deps.objects, stored), hash), size);
    archived = { key, byteCount: size, sha256: hash.digest('hex') };
  }
  const times = seqs.length > 0 ? storedLogTimes(stored) : stored.archivedTimes;
  const outcome = await deps.stepLogs.recordArchive(
    { stepId, expected, archived, times, seqs },
    deps.clock.now(),
  );
  // The run was deleted while we uploaded: remove what the upload put back.
  if (outcome === 'gone' && archived && archived !== expected) await deps.objects.delete(archived.key);
  return { outcome, chunksDeleted: outcome === 'recorded' ? seqs.length : 0, archived };
}

/** The archived part (the object's first `byteCount` bytes), then the chunks in seq order. */
async function* logBytes(objects: ObjectStore, stored: StoredStepLog): AsyncGenerator<Uint8Array> {
  const { archived } = stored;
  if (archived && archived.byteCount > 0) {
    const body = await objects.get(archived.key, { offset: 0, length: archived.byteCount });
    if (!body) throw new Error(`the archived log ${archived.key} is missing from the object store`);
    yield* body;
  }
  for (const c of stored.chunks) yield c.chunk;
}

async function* hashed(body: AsyncIterable<Uint8Array>, hash: Hash): AsyncGenerator<Uint8Array> {
  for await (const piece of body) {
    hash.update(piece);
    yield piece;
  }
}

/** Flushes the step's carry into its log, as `reportStepStatus` does for a runner's end. */
async function flushStepCarry(deps: FinaliseDeps, stored: StoredStepLog): Promise<void> {
  const { secretBox } = deps;
  if (!secretBox) throw new Error('a sealed log carry cannot be flushed without the secret key');
  const job = await deps.runs.getJob(stored.jobId);
  if (!job) return;
  const masks = await loadJobMaskSet({ ...deps, secretBox }, job);
  const replacements = await deps.jobCalls.transaction(deps.clock.now(), async (tx) => {
    const step = await tx.logs.lockStep(stored.jobId, stored.stepId);
    if (!step || !isTerminal(step.status)) return 0;
    return flushCarries(tx, { secretBox, masks }, [step.id]);
  });
  if (replacements > 0) {
    deps.metrics?.increment('log_scrub_replacements_total', { location: 'server' }, replacements);
  }
}
