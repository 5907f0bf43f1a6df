/**
 * `ArtifactApi` over HTTP with `fetch` (the routes of `runner-api/artifact-routes.ts`). Like
 * the control plane client: every HTTP answer is a return value; a failed connection, a
 * timeout or a malformed 2xx body throws. A chunk carries its SHA-256 so the server refuses
 * bytes damaged on the way; a download's body that stalls for a minute fails.
 */
import { createHash } from 'node:crypto';
import type { ArtifactApi, RunArtifact, UploadStart, UploadState } from '../../ports/artifact-api.js';
import type { JobCallOutcome } from '../../ports/control-plane.js';
import { answerOf, readJson, rejection } from './control-plane-client.js';

export interface ArtifactClientOptions {
  /** `server.base_url`, without a trailing slash. */
  baseUrl: string;
  /** Time allowed for one small call. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

type Json = Record<string, unknown>;

const CHUNK_TIMEOUT_MS = 5 * 60_000;
/** The server joins and checks the whole archive before it answers. */
const FINISH_TIMEOUT_MS = 60 * 60_000;
const DOWNLOAD_IDLE_MS = 60_000;

export class ArtifactClient implements ArtifactApi {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(opts: ArtifactClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.fetchFn = opts.fetch ?? fetch;
  }

  beginUpload(jobId: number, token: string, start: UploadStart): Promise<JobCallOutcome<UploadState>> {
    const body = JSON.stringify({
      name: start.name,
      size: start.size,
      sha256: start.sha256,
      ...(start.retentionDays === null ? {} : { retention_days: start.retentionDays }),
    });
    return this.call('POST', `/api/v1/jobs/${jobId}/artifacts`, token, body, this.timeoutMs, (json) => ({
      artifactId: int(json.artifact_id),
      receivedBytes: int(json.received_bytes),
      chunkBytes: int(json.chunk_bytes),
    }));
  }

  uploadChunk(
    jobId: number,
    token: string,
    chunk: { artifactId: number; offset: number; bytes: Uint8Array },
  ): Promise<JobCallOutcome<{ receivedBytes: number }>> {
    const path = `/api/v1/jobs/${jobId}/artifacts/${chunk.artifactId}/chunks/${chunk.offset}`;
    const headers = {
      'content-type': 'application/octet-stream',
      'x-shithub-chunk-sha256': createHash('sha256').update(chunk.bytes).digest('hex'),
    };
    return this.call(
      'PUT',
      path,
      token,
      new Uint8Array(chunk.bytes),
      CHUNK_TIMEOUT_MS,
      (json) => ({
        receivedBytes: int(json.received_bytes),
      }),
      headers,
    );
  }

  finishUpload(jobId: number, token: string, artifactId: number): Promise<JobCallOutcome<RunArtifact>> {
    const path = `/api/v1/jobs/${jobId}/artifacts/${artifactId}/finalize`;
    return this.call('POST', path, token, '{}', FINISH_TIMEOUT_MS, (json) => artifactOf(json.artifact));
  }

  listArtifacts(jobId: number, token: string): Promise<JobCallOutcome<RunArtifact[]>> {
    return this.call('GET', `/api/v1/jobs/${jobId}/artifacts`, token, null, this.timeoutMs, (json) => {
      if (!Array.isArray(json.artifacts)) throw new Error('artifact list answer has no artifacts');
      return json.artifacts.map(artifactOf);
    });
  }

  async download(
    jobId: number,
    token: string,
    artifactId: number,
    offset: number,
  ): Promise<JobCallOutcome<AsyncIterable<Uint8Array>>> {
    const query = offset > 0 ? `?offset=${offset}` : '';
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error('the server did not answer in time')),
      this.timeoutMs,
    );
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}/api/v1/jobs/${jobId}/artifacts/${artifactId}${query}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) return rejection(await answerOf(res));
    const next = res.headers.get('x-shithub-next-token');
    if (!res.body) throw new Error('artifact download answer has no body');
    return { kind: 'ok', value: idleLimited(res.body, abort), nextToken: next === '' ? null : next };
  }

  private async call<T>(
    method: string,
    path: string,
    token: string,
    body: string | Uint8Array<ArrayBuffer> | null,
    timeoutMs: number,
    read: (json: Json) => T,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): Promise<JobCallOutcome<T>> {
    const res = await this.fetchFn(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...headers },
      ...(body === null ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await answerOf(res);
    if (!res.ok) return rejection(answer);
    const json = readJson(answer);
    const next = typeof json.next_token === 'string' && json.next_token !== '' ? json.next_token : null;
    return { kind: 'ok', value: read(json), nextToken: next };
  }
}

/** The body's bytes; a pause longer than `DOWNLOAD_IDLE_MS` aborts the request and throws. */
async function* idleLimited(
  body: ReadableStream<Uint8Array>,
  abort: AbortController,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      // Only the wait for the server counts, not the time the caller spends on a piece.
      const timer = setTimeout(() => abort.abort(new Error('the download stalled')), DOWNLOAD_IDLE_MS);
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } finally {
        clearTimeout(timer);
      }
      if (read.done) return;
      yield read.value;
    }
  } finally {
    reader.releaseLock();
    if (!abort.signal.aborted) abort.abort();
  }
}

function int(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new Error('artifact answer has a field that is not a whole number');
  return value;
}

function artifactOf(value: unknown): RunArtifact {
  const json = (typeof value === 'object' && value !== null ? value : {}) as Json;
  if (typeof json.name !== 'string' || typeof json.sha256 !== 'string')
    throw new Error('artifact answer has no name or digest');
  return { id: int(json.id), name: json.name, size: int(json.size), sha256: json.sha256 };
}
