/**
 * The runner's artifact calls (SPEC §7.2 extension; docs/storage-and-retention.md), each a
 * link of the job token chain like the other job calls — authorised before any body is read,
 * the token spent with the write, `next_token` in the answer (in headers for a download):
 *
 *     POST /api/v1/jobs/{id}/artifacts                                 begin or resume an upload
 *     PUT  /api/v1/jobs/{id}/artifacts/{artifact_id}/chunks/{offset}   the bytes at offset
 *     POST /api/v1/jobs/{id}/artifacts/{artifact_id}/finalize          verify and store the whole
 *     GET  /api/v1/jobs/{id}/artifacts                                 what the job may download
 *     GET  /api/v1/jobs/{id}/artifacts/{artifact_id}[?offset=N]        one archive
 */
import { Readable } from 'node:stream';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { ArtifactSettings } from '../../../domain/artifacts/artifact-settings.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { listJobArtifacts, openJobArtifact } from '../../../domain/runner-api/artifact-download.js';
import { finishArtifactUpload } from '../../../domain/runner-api/artifact-finish.js';
import { beginArtifactUpload, storeArtifactChunk } from '../../../domain/runner-api/artifact-upload.js';
import { authoriseJobCall, parsePathId } from '../../../domain/runner-api/authorise-job-call.js';
import { formatWireTime } from '../../../domain/runner-api/wire-time.js';
import type { ArtifactStore } from '../../../ports/artifact-store.js';
import type { MintedJobToken } from '../../../ports/job-tokens.js';
import type { Artifact } from '../../../ports/model/artifact.js';
import type { ObjectStore } from '../../../ports/object-store.js';
import type { Random } from '../../../ports/random.js';
import { EmptyBody, readBody } from './bodies.js';
import type { RunnerApiDeps, RunnerApiKeys } from './runner-api-deps.js';

/** What the artifact calls need beyond the other job calls. */
export interface RunnerArtifactDeps {
  store: ArtifactStore;
  objects: ObjectStore;
  /** Upload ids (object keys). */
  random: Random;
  settings: ArtifactSettings;
}

const BeginBody = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(1024)),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  sha256: v.string(),
  retention_days: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36_500))),
});

const OFFSET = /^(0|[1-9][0-9]{0,15})$/;
export const CHUNK_SHA256_HEADER = 'x-shithub-chunk-sha256';

/** Adds the five artifact routes; `limit(n)` is the runner API's body limit. */
export function mountArtifactRoutes(
  app: Hono,
  deps: RunnerApiDeps & { artifacts: RunnerArtifactDeps },
  requireKeys: () => RunnerApiKeys,
  limit: (maxSize: number) => MiddlewareHandler,
  sizes: { small: number; chunk: number },
): void {
  const { store, objects, random, settings } = deps.artifacts;
  const authorise = async (c: Context) => {
    const keys = requireKeys();
    const callDeps = { ...deps, ...keys, artifacts: store, objects, random, artifactSettings: settings };
    const call = await authoriseJobCall(callDeps, {
      pathJobId: c.req.param('id') ?? '',
      authorization: c.req.header('Authorization'),
    });
    return { call, callDeps };
  };
  const artifactId = (c: Context) => {
    const id = parsePathId(c.req.param('artifactId') ?? '');
    if (id === undefined) throw notFound('artifact.not_found', 'artifact not found');
    return id;
  };

  app.post('/api/v1/jobs/:id/artifacts', limit(sizes.small), async (c) => {
    const { call, callDeps } = await authorise(c);
    const body = await readBody(c, BeginBody, { emptyIsObject: false });
    const input = { ...body, retentionDays: body.retention_days ? body.retention_days : null };
    const begun = await beginArtifactUpload(callDeps, call, input);
    const state = {
      artifact_id: begun.artifact.id,
      received_bytes: begun.artifact.receivedBytes,
      chunk_bytes: begun.chunkBytes,
    };
    return c.json({ ...state, ...nextTokenFields(begun.nextToken) }, 201);
  });

  app.put('/api/v1/jobs/:id/artifacts/:artifactId/chunks/:offset', limit(sizes.chunk), async (c) => {
    const { call, callDeps } = await authorise(c);
    const id = artifactId(c);
    const offsetText = c.req.param('offset') ?? '';
    const offset = OFFSET.test(offsetText) ? Number(offsetText) : Number.NaN;
    if (!Number.isSafeInteger(offset))
      throw invalid('artifact.offset_invalid', 'the offset must be a byte count');
    const sha256 = c.req.header(CHUNK_SHA256_HEADER) ?? '';
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw invalid('artifact.digest_invalid', `${CHUNK_SHA256_HEADER} must be the chunk's SHA-256 in hex`);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const stored = await storeArtifactChunk(callDeps, call, { artifactId: id, offset, bytes, sha256 });
    return c.json({ received_bytes: stored.receivedBytes, ...nextTokenFields(stored.nextToken) });
  });

  app.post('/api/v1/jobs/:id/artifacts/:artifactId/finalize', limit(sizes.small), async (c) => {
    const { call, callDeps } = await authorise(c);
    const id = artifactId(c);
    await readBody(c, EmptyBody, { emptyIsObject: true });
    const done = await finishArtifactUpload(callDeps, call, id);
    return c.json({ artifact: artifactJson(done.artifact), ...nextTokenFields(done.nextToken) });
  });

  app.get('/api/v1/jobs/:id/artifacts', async (c) => {
    const { call, callDeps } = await authorise(c);
    readOffset(c, false);
    const listed = await listJobArtifacts(callDeps, call);
    return c.json({ artifacts: listed.artifacts.map(artifactJson), ...nextTokenFields(listed.nextToken) });
  });

  app.get('/api/v1/jobs/:id/artifacts/:artifactId', async (c) => {
    const { call, callDeps } = await authorise(c);
    const id = artifactId(c);
    const offset = readOffset(c, true);
    const opened = await openJobArtifact(callDeps, call, { artifactId: id, offset });
    const stream = Readable.toWeb(Readable.from(opened.body)) as ReadableStream<Uint8Array>;
    return c.body(stream, 200, {
      'content-type': 'application/octet-stream',
      'content-length': String(opened.artifact.byteCount - offset),
      'x-shithub-artifact-sha256': opened.artifact.sha256,
      'x-shithub-next-token': opened.nextToken.token,
      'x-shithub-next-token-expires-at': formatWireTime(opened.nextToken.expiresAt),
    });
  });
}

/** An artifact as the runner sees it. */
function artifactJson(a: Artifact) {
  return { id: a.id, name: a.name, size: a.byteCount, sha256: a.sha256 };
}

/** `?offset=N` (only where `allowed`); every other query parameter is refused. */
function readOffset(c: Context, allowed: boolean): number {
  const query = c.req.queries();
  for (const key of Object.keys(query))
    if (!(allowed && key === 'offset'))
      throw invalid('request.query_invalid', `unknown query parameter ${JSON.stringify(key)}`);
  const text = query.offset;
  if (text === undefined) return 0;
  if (text.length !== 1 || !OFFSET.test(text[0] ?? '') || !Number.isSafeInteger(Number(text[0])))
    throw invalid('request.query_invalid', 'offset must be one whole number of bytes');
  return Number(text[0]);
}

function nextTokenFields(minted: MintedJobToken) {
  return { next_token: minted.token, next_token_expires_at: formatWireTime(minted.expiresAt) };
}
