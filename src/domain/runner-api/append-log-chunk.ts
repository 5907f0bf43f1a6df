/** `POST /jobs/{id}/logs` (SPEC §7.2, §11; facts §1.3). */
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import { invalid, notFound } from '../errors.js';
import type { JobCall } from './authorise-job-call.js';
import { type CommitDeps, commitJobCall, mintApiToken } from './commit-job-call.js';
import { type JobMaskDeps, loadJobMaskSet } from './job-masks.js';
import { storeScrubbedChunk } from './log-carry.js';
import { addJobMasks } from './report-extras.js';

/** Largest decoded chunk, in bytes (512 KiB). */
export const MAX_LOG_CHUNK_BYTES = 512 * 1024;

export interface LogChunkInput {
  seq: number;
  /** Standard base64, padded or not; line breaks are ignored. */
  chunk: string;
  /** The step; null (or 0 on the wire) means the job's first step. */
  stepId: number | null;
  /** Values `::add-mask::` added: joined to the job's mask set before this chunk is scrubbed. */
  addMasks?: string[];
}

export type AppendLogDeps = CommitDeps & JobMaskDeps & { jobTokens: JobTokens };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a chunk: invalid `log.chunk_not_base64` ("chunk must be base64") or
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
  const size = Math.floor((body.length * 3) / 4);
  if (size < 1 || size > MAX_LOG_CHUNK_BYTES) {
    throw invalid('log.chunk_size', `chunk must decode to between 1 and ${MAX_LOG_CHUNK_BYTES} bytes`);
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * Scrubs the chunk with the job's claim-time masks and stores it for the step, spending
 * the call's token in the same transaction; a resent (step, seq) stores nothing and still
 * succeeds. not_found `step.not_found` for a step of another job. Returns the next token.
 */
export async function appendLogChunk(
  deps: AppendLogDeps,
  call: JobCall,
  input: LogChunkInput,
): Promise<MintedJobToken> {
  const bytes = decodeLogChunk(input.chunk);
  const masks = await loadJobMaskSet(deps, call.job, input.addMasks);
  const outcome = await commitJobCall(deps, call, 'first', async (tx) => {
    const step = await tx.logs.lockStep(call.job.id, input.stepId);
    if (!step) throw notFound('step.not_found', 'step not found');
    return storeScrubbedChunk(tx.logs, { secretBox: deps.secretBox, masks }, { step, seq: input.seq, bytes });
  });
  await addJobMasks(deps, call.job, input.addMasks, deps.clock.now());
  if (outcome.stored) {
    deps.metrics.increment('log_chunks_total');
    deps.metrics.increment('log_chunk_bytes_total', {}, bytes.length);
    if (outcome.replacements > 0) {
      deps.metrics.increment('log_scrub_replacements_total', { location: 'server' }, outcome.replacements);
    }
  }
  return mintApiToken(deps, call.token);
}
