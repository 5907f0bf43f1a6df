/**
 * The upload half of the runner's artifact calls (SPEC §7.2 extension; docs/storage-and-
 * retention.md): `POST /jobs/{id}/artifacts` begins (or resumes) an upload, `PUT
 * /jobs/{id}/artifacts/{artifact_id}/chunks/{offset}` adds the next chunk. Each chunk is
 * stored as its own object before its row moves on, so a chunk is never counted without its
 * bytes; chunks must come in order, a resent one is accepted again. Like every job call, the
 * row change and the spending of the token commit together.
 */
import { createHash } from 'node:crypto';
import type { MintedJobToken } from '../../ports/job-tokens.js';
import type { Artifact } from '../../ports/model/artifact.js';
import { checkArtifactName } from '../artifacts/artifact-names.js';
import {
  MAX_ARTIFACT_CHUNK_BYTES,
  retentionDaysFor,
  UPLOAD_WINDOW_MS,
} from '../artifacts/artifact-settings.js';
import { conflict, DomainError, invalid } from '../errors.js';
import { artifactObjectKey, artifactPartKey } from '../storage/object-keys.js';
import { type ArtifactCallDeps, checkRunning, deleteParts, ownUpload } from './artifact-call.js';
import type { JobCall } from './authorise-job-call.js';
import { commitJobCall, mintApiToken } from './commit-job-call.js';

export interface BeginUploadInput {
  name: string;
  size: number;
  sha256: string;
  retentionDays: number | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Starts the job's upload of `name`, or resumes its unfinished one (a different size or digest
 * starts it over). conflict `artifact.name_taken` when the run has that name from another job
 * (or this job finished it with other bytes); unprocessable `artifact.too_large` past
 * `artifacts.max_size`; conflict `job.not_running` for a job that ended.
 */
export async function beginArtifactUpload(
  deps: ArtifactCallDeps,
  call: JobCall,
  input: BeginUploadInput,
): Promise<{ artifact: Artifact; chunkBytes: number; nextToken: MintedJobToken }> {
  checkRunning(call);
  checkArtifactName(input.name);
  if (!SHA256.test(input.sha256))
    throw invalid('artifact.digest_invalid', 'sha256 must be 64 lower-case hex digits');
  if (input.size > deps.artifactSettings.maxBytes)
    throw new DomainError(
      'unprocessable',
      'artifact.too_large',
      `the artifact is ${input.size} bytes; this server takes at most ${deps.artifactSettings.maxBytes}`,
    );
  const retentionDays = retentionDaysFor(deps.artifactSettings, input.retentionDays);
  const { artifact, restarted } = await commitJobCall(deps, call, 'first', async (tx, now) => {
    const expiresAt = new Date(now.getTime() + UPLOAD_WINDOW_MS);
    const same = (a: Artifact) => a.byteCount === input.size && a.sha256 === input.sha256;
    const existing = await tx.artifacts.lockByName(call.job.runId, input.name);
    if (existing?.jobId === call.job.id && existing.status === 'ready' && same(existing))
      return { artifact: existing, restarted: false };
    if (existing?.jobId === call.job.id && existing.status === 'uploading') {
      const patch = same(existing)
        ? { expiresAt, retentionDays }
        : { byteCount: input.size, sha256: input.sha256, receivedBytes: 0, expiresAt, retentionDays };
      return { artifact: await tx.artifacts.update(existing.id, patch), restarted: !same(existing) };
    }
    if (existing) throw nameTaken(input.name);
    const uploadId = Buffer.from(deps.random.bytes(16)).toString('hex');
    const row = { runId: call.job.runId, jobId: call.job.id, name: input.name, retentionDays, expiresAt };
    const objectKey = artifactObjectKey(call.job.runId, uploadId);
    const inserted = await tx.artifacts.insert({
      ...row,
      objectKey,
      byteCount: input.size,
      sha256: input.sha256,
    });
    if (inserted === 'name_taken') throw nameTaken(input.name);
    return { artifact: inserted, restarted: false };
  });
  if (restarted) await deleteParts(deps.objects, artifact.objectKey).catch(() => undefined);
  return { artifact, chunkBytes: MAX_ARTIFACT_CHUNK_BYTES, nextToken: await mintApiToken(deps, call.token) };
}

/**
 * Stores the chunk at `offset` of the job's unfinished upload: invalid `artifact.chunk_size`,
 * `artifact.chunk_out_of_range` or `artifact.chunk_digest_mismatch` for a bad chunk, conflict
 * `artifact.offset_mismatch` unless it starts where the received bytes end (or lies within
 * them: a resend, accepted without storing it again), conflict `artifact.finished` once
 * finished. Answers the bytes received.
 */
export async function storeArtifactChunk(
  deps: ArtifactCallDeps,
  call: JobCall,
  input: { artifactId: number; offset: number; bytes: Uint8Array; sha256: string },
): Promise<{ receivedBytes: number; nextToken: MintedJobToken }> {
  checkRunning(call);
  const artifact = await ownUpload(deps, call, input.artifactId);
  if (artifact.status !== 'uploading') throw finished();
  const { offset, bytes } = input;
  if (bytes.length < 1 || bytes.length > MAX_ARTIFACT_CHUNK_BYTES)
    throw invalid('artifact.chunk_size', `a chunk must be 1 to ${MAX_ARTIFACT_CHUNK_BYTES} bytes`);
  if (offset + bytes.length > artifact.byteCount)
    throw invalid(
      'artifact.chunk_out_of_range',
      `the chunk ends past the declared ${artifact.byteCount} bytes`,
    );
  if (createHash('sha256').update(bytes).digest('hex') !== input.sha256)
    throw invalid('artifact.chunk_digest_mismatch', 'the chunk does not match its SHA-256');
  const resent = offset + bytes.length <= artifact.receivedBytes;
  if (!resent && offset !== artifact.receivedBytes) throw offsetMismatch(artifact.receivedBytes);
  if (!resent) await deps.objects.put(artifactPartKey(artifact.objectKey, offset), once(bytes), bytes.length);
  const receivedBytes = await commitJobCall(deps, call, 'first', async (tx, now) => {
    const row = await tx.artifacts.lock(artifact.id);
    if (row?.status !== 'uploading') throw finished();
    if (offset + bytes.length <= row.receivedBytes) return row.receivedBytes;
    if (offset !== row.receivedBytes) throw offsetMismatch(row.receivedBytes);
    const expiresAt = new Date(now.getTime() + UPLOAD_WINDOW_MS);
    return (await tx.artifacts.update(row.id, { receivedBytes: offset + bytes.length, expiresAt }))
      .receivedBytes;
  });
  return { receivedBytes, nextToken: await mintApiToken(deps, call.token) };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function finished() {
  return conflict('artifact.finished', 'the artifact upload is finished');
}

function offsetMismatch(received: number) {
  return conflict('artifact.offset_mismatch', `the next chunk must start at byte ${received}`);
}

function nameTaken(name: string) {
  return conflict('artifact.name_taken', `this run already has an artifact named ${JSON.stringify(name)}`);
}
