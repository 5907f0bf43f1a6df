/**
 * The fast path of `POST /jobs/{id}/logs` (SPEC §20 log ingest, issue #13): a chunk that
 * follows the last one this process stored for the step is scrubbed with the job's cached
 * masks and carry and stored by one `appendIfCurrent` statement, which also checks what
 * `authoriseJobCall` would have read (runner, assignment, replay) and spends the token.
 * Whatever that statement finds changed, it changes nothing, and the full path
 * (`appendLogChunk`) serves the call as if the fast path had not been tried.
 */
import type { JobCallStore } from '../../ports/job-call-store.js';
import type { MintedJobToken, VerifiedJobToken } from '../../ports/job-tokens.js';
import type { SecretBox } from '../../ports/secret-box.js';
import { scrubChunk } from '../logs/scrubber.js';
import { type AppendLogDeps, countStoredChunk, type LogChunkInput } from './append-log-chunk.js';
import { mintApiToken } from './commit-job-call.js';
import type { JobLogCache, JobLogState } from './job-log-cache.js';
import { loadSnapshotMasks } from './job-masks.js';
import type { StepLogPosition } from './log-carry.js';

export type FastAppendDeps = Pick<
  AppendLogDeps,
  'jobCalls' | 'secretBox' | 'jobTokens' | 'clock' | 'metrics'
> & {
  logCache: JobLogCache;
};

const START: StepLogPosition = { nextSeq: 0, carry: new Uint8Array(0) };

/**
 * For a token `verifyJobCallToken` accepted: stores the chunk and returns the next token,
 * or undefined (nothing changed, the token unspent) when the full path must decide — a
 * chunk that carries masks, names no step, or does not follow what this process knows of
 * the step, and every refusal.
 */
export async function appendLogChunkFast(
  deps: FastAppendDeps,
  token: VerifiedJobToken,
  input: LogChunkInput,
): Promise<MintedJobToken | undefined> {
  const { stepId, seq, bytes } = input;
  if (stepId === null || (input.addMasks?.length ?? 0) > 0) return undefined;
  const job = deps.logCache.get(token.jobId) ?? (await loadJob(deps, token.jobId));
  const position = job?.steps.get(stepId) ?? (seq === 0 ? START : undefined);
  if (!job || position?.nextSeq !== seq) return undefined;
  const result = scrubChunk(job.masks, { carry: position.carry, chunk: bytes, final: false });
  const outcome = await deps.jobCalls.appendIfCurrent(
    {
      token,
      stepId,
      seq,
      bytes: result.output,
      carry: result.carry.length > 0 ? deps.secretBox.seal(result.carry) : null,
      maskNonce: job.maskNonce,
      carryAfterSeq: position.carry.length > 0 ? seq - 1 : null,
    },
    deps.clock.now(),
  );
  const stored = outcome === 'stored';
  deps.logCache.setStep(token.jobId, stepId, stored ? { nextSeq: seq + 1, carry: result.carry } : undefined);
  if (outcome === 'stale') return undefined;
  countStoredChunk(deps, { stored, replacements: result.replacements }, bytes.length);
  return mintApiToken(deps, token);
}

async function loadJob(
  deps: { jobCalls: JobCallStore; secretBox: SecretBox; logCache: JobLogCache },
  jobId: number,
): Promise<JobLogState | undefined> {
  const loaded = await loadSnapshotMasks(deps, jobId);
  if (!loaded) return undefined;
  const state: JobLogState = { maskNonce: loaded.nonce, masks: loaded.masks, steps: new Map() };
  deps.logCache.set(jobId, state);
  return state;
}
