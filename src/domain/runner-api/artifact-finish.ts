/**
 * `POST /jobs/{id}/artifacts/{artifact_id}/finalize`: joins the received chunks, in offset
 * order, into the artifact's one object, checking on the way that the bytes are a well-formed
 * archive (`archive-format.ts`) whose SHA-256 is the declared one; only then is the row
 * `ready` (in the transaction that spends the token) and the chunks are removed. Repeating it
 * for a finished artifact answers it again, so a lost answer is harmless.
 */
import { createHash, type Hash } from 'node:crypto';
import type { MintedJobToken } from '../../ports/job-tokens.js';
import type { Artifact } from '../../ports/model/artifact.js';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store.js';
import { ArchiveReader } from '../artifacts/archive-format.js';
import { DAY_MS } from '../artifacts/artifact-settings.js';
import { conflict, DomainError, isDomainError } from '../errors.js';
import { artifactPartKey, artifactPartsPrefix } from '../storage/object-keys.js';
import { type ArtifactCallDeps, checkRunning, deleteParts, ownUpload } from './artifact-call.js';
import type { JobCall } from './authorise-job-call.js';
import { commitJobCall, mintApiToken } from './commit-job-call.js';

/**
 * Finishes the job's upload (see the file comment): conflict `artifact.incomplete` before
 * every byte arrived; unprocessable `artifact.parts_missing` when stored chunks are gone,
 * `artifact.archive_invalid` for a malformed archive, `artifact.digest_mismatch` for other
 * bytes than declared (the object is removed again; the upload stays unfinished).
 */
export async function finishArtifactUpload(
  deps: ArtifactCallDeps,
  call: JobCall,
  artifactId: number,
): Promise<{ artifact: Artifact; nextToken: MintedJobToken }> {
  checkRunning(call);
  const found = await ownUpload(deps, call, artifactId);
  if (found.status === 'uploading') {
    if (found.receivedBytes !== found.byteCount)
      throw conflict(
        'artifact.incomplete',
        `${found.receivedBytes} of ${found.byteCount} bytes were received`,
      );
    await assemble(deps.objects, found);
  }
  const artifact = await commitJobCall(deps, call, 'first', async (tx, now) => {
    const row = await tx.artifacts.lock(found.id);
    if (row?.status !== 'uploading') return row ?? found;
    const expiresAt = new Date(now.getTime() + row.retentionDays * DAY_MS);
    return tx.artifacts.update(row.id, { status: 'ready', receivedBytes: row.byteCount, expiresAt });
  });
  await deleteParts(deps.objects, artifact.objectKey).catch(() => undefined);
  return { artifact, nextToken: await mintApiToken(deps, call.token) };
}

/** Writes the chunks as the artifact's object, checked as they pass (see the file comment). */
async function assemble(objects: ObjectStore, artifact: Artifact): Promise<void> {
  const parts = chainOf(await objects.list(artifactPartsPrefix(artifact.objectKey)), artifact);
  const hash = createHash('sha256');
  const reader = new ArchiveReader();
  let refusal: DomainError | null = null;
  const checked = async function* (): AsyncGenerator<Uint8Array> {
    try {
      yield* inspected(partBytes(objects, artifact, parts), hash, reader);
      reader.finish();
    } catch (err) {
      if (isDomainError(err)) refusal = err;
      throw err;
    }
  };
  try {
    await objects.put(artifact.objectKey, checked(), artifact.byteCount);
  } catch (err) {
    throw refusal ?? err;
  }
  if (hash.digest('hex') !== artifact.sha256) {
    await objects.delete(artifact.objectKey);
    throw unprocessable('artifact.digest_mismatch', 'the uploaded bytes do not match the declared SHA-256');
  }
}

/** The part offsets from 0 to the end, each starting where the one before ended. */
function chainOf(listed: readonly ObjectInfo[], artifact: Artifact): { offset: number; size: number }[] {
  const sizes = new Map(listed.map((o) => [o.key, o.size]));
  const chain: { offset: number; size: number }[] = [];
  for (let offset = 0; offset < artifact.byteCount; ) {
    const size = sizes.get(artifactPartKey(artifact.objectKey, offset));
    if (size === undefined || size === 0)
      throw unprocessable(
        'artifact.parts_missing',
        `the chunk at byte ${offset} is missing; upload the artifact again`,
      );
    chain.push({ offset, size });
    offset += size;
  }
  return chain;
}

async function* partBytes(
  objects: ObjectStore,
  artifact: Artifact,
  parts: readonly { offset: number }[],
): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    const body = await objects.get(artifactPartKey(artifact.objectKey, part.offset));
    if (!body) throw unprocessable('artifact.parts_missing', `the chunk at byte ${part.offset} is missing`);
    yield* body;
  }
}

async function* inspected(
  body: AsyncIterable<Uint8Array>,
  hash: Hash,
  reader: ArchiveReader,
): AsyncGenerator<Uint8Array> {
  for await (const piece of body) {
    hash.update(piece);
    reader.push(piece);
    yield piece;
  }
}

function unprocessable(code: string, message: string): DomainError {
  return new DomainError('unprocessable', code, message);
}
