/** `POST /jobs/{id}/logs` (SPEC §7.2, §11; facts §1.3): the full path. */
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import { invalid, notFound } from '../errors.js';
import { buildMaskSet } from '../logs/mask-set.js';
import type { JobCall } from './authorise-job-call.js';
import { type CommitDeps, commitJobCall, mintApiToken } from './commit-job-call.js';
import type { JobLogCache } from './job-log-cache.js';
import { type JobMaskDeps, type JobMasks, loadJobMasks } from './job-masks.js';
import { type StoredChunk, storeScrubbedChunk } from './log-carry.js';
import { addJobMasks } from './report-extras.js';

/** Largest chunk, in bytes (512 KiB). */
export const MAX_LOG_CHUNK_BYTES = 512 * 1024;

export interface LogChunkInput {
  seq: number;
  /** The chunk (the JSON form's base64 decoded by `decodeLogChunk`); 1..512 KiB. */
  bytes: Uint8Array;
  /** The step; null (or 0 on the wire) means the job's first step. */
  stepId: number | null;
  /** Values `::add-mask::` added: joined to the job's mask set before this chunk is scrubbed. */
  addMasks?: string[];
}

export type AppendLogDeps = CommitDeps &
  JobMaskDeps & {
    jobTokens: JobTokens;
    /** Where the fast path finds the job's masks and steps (none: every chunk takes the full path). */
    logCache?: JobLogCache;
  };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes the JSON form's chunk: invalid `log.chunk_not_base64` ("chunk must be base64") or
 * `log.chunk_size` unless it decodes to 1..512 KiB.
 */
export function decodeLogChunk(text: string): Uint8Array {
  const compact = text.replace(/[\r\n]/g, '');
  const body = compact.replace(/=+$/, '');
  const padded = compact.length !== body.length;
  if (!BASE64.test(compact) || body.length % 4 === 1 || (padded && compact.length % 4 !== 0)) {
    throw invalid('log.chunk_not_base64', 'chunk must be base64');
  }
  // The decoded size is known before decoding: refuse oversized chunks without allocating.
  checkLogChunkSize(Math.floor((body.length * 3) / 4));
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** invalid `log.chunk_size` unless `bytes` is 1..512 KiB. */
export function checkLogChunkSize(bytes: number): void {
  if (bytes < 1 || bytes > MAX_LOG_CHUNK_BYTES) {
    throw invalid('log.chunk_size', `chunk must decode to between 1 and ${MAX_LOG_CHUNK_BYTES} bytes`);
  }
}

/**
 * Scrubs the chunk with the job's masks and stores it for the step (or holds it until the
 * seqs before it arrive, see `log-carry.ts`), spending the call's token in the same
 * transaction; a resent (step, seq) stores nothing and still succeeds. not_found
 * `step.not_found` for a step of another job. Returns the next token. Leaves where the step
 * stands in the log cache, so the next chunk can take `appendLogChunkFast`.
 */
export async function appendLogChunk(
  deps: AppendLogDeps,
  call: JobCall,
  input: LogChunkInput,
): Promise<MintedJobToken> {
  checkLogChunkSize(input.bytes.length);
  const loaded = await loadJobMasks(deps, call.job);
  const added = input.addMasks ?? [];
  const masks = added.length > 0 ? buildMaskSet([...loaded.values, ...added]) : loaded.masks;
  const { stepId, outcome } = await commitJobCall(deps, call, 'first', async (tx) => {
    const step = await tx.logs.lockStep(call.job.id, input.stepId);
    if (!step) throw notFound('step.not_found', 'step not found');
    const stored = await storeScrubbedChunk(tx, { secretBox: deps.secretBox, masks }, { ...input, step });
    return { stepId: step.id, outcome: stored };
  });
  await addJobMasks(deps, call.job, input.addMasks, deps.clock.now());
  if (deps.logCache) remember(deps.logCache, call.job.id, added.length > 0 ? null : loaded, stepId, outcome);
  countStoredChunk(deps, outcome, input.bytes.length);
  return mintApiToken(deps, call.token);
}

/** Counts a stored chunk in `log_chunks_total`, its bytes and its replacements. */
export function countStoredChunk(deps: CommitDeps, outcome: StoredChunk, bytes: number): void {
  if (!outcome.stored) return;
  deps.metrics.increment('log_chunks_total');
  deps.metrics.increment('log_chunk_bytes_total', {}, bytes);
  if (outcome.replacements > 0) {
    deps.metrics.increment('log_scrub_replacements_total', { location: 'server' }, outcome.replacements);
  }
}

/**
 * Keeps the job's masks (when they came from its snapshot and no call changed them) and
 * the step's new position; anything else leaves the job to be loaded afresh.
 */
function remember(
  cache: JobLogCache,
  jobId: number,
  loaded: JobMasks | null,
  stepId: number,
  outcome: StoredChunk,
): void {
  if (!loaded?.nonce) {
    cache.forget(jobId);
    return;
  }
  const cached = cache.get(jobId);
  if (!cached || !Buffer.from(cached.maskNonce).equals(loaded.nonce)) {
    cache.set(jobId, { maskNonce: loaded.nonce, masks: loaded.masks, steps: new Map() });
  }
  cache.setStep(jobId, stepId, outcome.position);
}
