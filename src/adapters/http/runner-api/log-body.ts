/**
 * The two forms of a `POST /jobs/{id}/logs` body. JSON (SPEC §7.2, the runbook's curl
 * smoke): `{"seq","chunk"(base64),"step_id"?,"add_masks"?}`. Binary (issue #13, what the
 * runner sends): `Content-Type: application/octet-stream`, the chunk's bytes as the body,
 * `seq` in `X-Shithub-Log-Seq` and the step in `X-Shithub-Log-Step-Id` (absent or 0: the
 * job's first step); no base64 inflation and no JSON to parse. A chunk that carries new
 * masks goes as JSON.
 */
import type { Context } from 'hono';
import { invalid } from '../../../domain/errors.js';
import {
  checkLogChunkSize,
  decodeLogChunk,
  type LogChunkInput,
} from '../../../domain/runner-api/append-log-chunk.js';
import { LogBody, readBody } from './bodies.js';

export const LOG_SEQ_HEADER = 'X-Shithub-Log-Seq';
export const LOG_STEP_HEADER = 'X-Shithub-Log-Step-Id';

const MAX_SEQ = 2_147_483_647;
const DIGITS = /^[0-9]{1,16}$/;

/** The chunk of either form; invalid `request.invalid_body`, `log.chunk_not_base64` or `log.chunk_size`. */
export async function readLogChunk(c: Context): Promise<LogChunkInput> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/octet-stream\s*(;|$)/i.test(type)) {
    const seq = headerNumber(c, LOG_SEQ_HEADER, MAX_SEQ);
    if (seq === undefined) throw invalid('request.invalid_body', `header ${LOG_SEQ_HEADER} is required`);
    const stepId = headerNumber(c, LOG_STEP_HEADER, Number.MAX_SAFE_INTEGER) ?? 0;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    checkLogChunkSize(bytes.length);
    return { seq, bytes, stepId: stepId === 0 ? null : stepId };
  }
  const body = await readBody(c, LogBody, { emptyIsObject: false });
  return {
    seq: body.seq,
    bytes: decodeLogChunk(body.chunk),
    stepId: body.step_id ? body.step_id : null,
    ...(body.add_masks ? { addMasks: body.add_masks } : {}),
  };
}

/** A whole number 0..max from a header, undefined when absent; invalid otherwise. */
function headerNumber(c: Context, name: string, max: number): number | undefined {
  const text = c.req.header(name);
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!DIGITS.test(text.trim()) || value > max) {
    throw invalid('request.invalid_body', `header ${name} must be a whole number from 0 to ${max}`);
  }
  return value;
}
