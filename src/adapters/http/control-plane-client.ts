/**
 * The `ControlPlane` over HTTP (SPEC §7, facts §1): exact paths, bodies and field names of
 * the original API, so this runner also talks to the original server. Log chunks go in the
 * binary form of `POST /jobs/{id}/logs` (issue #13: no base64, no JSON), except a chunk
 * that carries new masks; a server that refuses the binary form as a malformed body (the
 * original one) gets the JSON form from then on. Every HTTP answer is a return value; a
 * failed connection, a timeout or a malformed 2xx body throws. Nothing here logs: tokens
 * and claim payloads stay in memory.
 */
import type {
  ControlPlane,
  HeartbeatInput,
  HeartbeatOutcome,
  JobCallOutcome,
  LogChunk,
  Rejection,
} from '../../ports/control-plane.js';
import type { Annotation } from '../../ports/model/annotation.js';
import type { StatusReport } from '../../ports/model/assignment.js';
import { parseClaim, TOKEN_EXPIRES_HEADER } from './claim-wire.js';
import { type HttpAnswer, type HttpTransport, nodeHttpTransport } from './node-http-transport.js';

export interface ControlPlaneClientOptions {
  /** `server.base_url`, without a trailing slash. */
  baseUrl: string;
  registrationToken: string;
  /** Time allowed for one job call (and on top of a long poll's wait). */
  requestTimeoutMs?: number;
  /** Sends the requests (default: `nodeHttpTransport`); tests record what leaves the runner. */
  transport?: HttpTransport;
}

type Json = Record<string, unknown>;

export class ControlPlaneClient implements ControlPlane {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly transport: HttpTransport;
  /** False once the server refused a binary log chunk as a malformed body. */
  private binaryLogs = true;

  constructor(private readonly opts: ControlPlaneClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.transport = opts.transport ?? nodeHttpTransport();
  }

  async heartbeat(input: HeartbeatInput, signal?: AbortSignal): Promise<HeartbeatOutcome> {
    const body = {
      labels: input.labels,
      capacity: input.capacity,
      host_name: input.hostName,
      version: input.version,
      active_job_ids: input.activeJobIds,
      wait_seconds: input.waitSeconds,
    };
    const res = await this.post('/api/v1/runners/heartbeat', this.opts.registrationToken, body, {
      timeoutMs: input.waitSeconds * 1000 + this.timeoutMs,
      signal,
    });
    const expiry = tokenExpiry(res);
    if (res.status === 204) return { kind: 'idle', ...expiry };
    if (res.status === 200) return { kind: 'claimed', assignment: parseClaim(readJson(res)), ...expiry };
    return rejection(res);
  }

  async appendLog(jobId: number, token: string, chunk: LogChunk): Promise<JobCallOutcome<void>> {
    if (this.binaryLogs && !(chunk.addMasks && chunk.addMasks.length > 0)) {
      const res = await this.send(`/api/v1/jobs/${jobId}/logs`, token, chunk.bytes, {
        'content-type': 'application/octet-stream',
        'x-shithub-log-seq': String(chunk.seq),
        'x-shithub-log-step-id': String(chunk.stepId),
      });
      if (!refusesBinary(res)) return jobCallOutcome(res, () => undefined);
      // The token was not spent (a refused body leaves it usable): send the JSON form now.
      this.binaryLogs = false;
    }
    const body: Json = {
      seq: chunk.seq,
      chunk: Buffer.from(chunk.bytes).toString('base64'),
      step_id: chunk.stepId,
    };
    if (chunk.addMasks && chunk.addMasks.length > 0) body.add_masks = chunk.addMasks;
    return this.jobCall(`/api/v1/jobs/${jobId}/logs`, token, body, () => undefined);
  }

  reportStep(
    jobId: number,
    token: string,
    stepId: number,
    report: StatusReport,
  ): Promise<JobCallOutcome<void>> {
    return this.jobCall(
      `/api/v1/jobs/${jobId}/steps/${stepId}/status`,
      token,
      statusBody(report),
      () => undefined,
    );
  }

  reportJob(jobId: number, token: string, report: StatusReport): Promise<JobCallOutcome<void>> {
    return this.jobCall(`/api/v1/jobs/${jobId}/status`, token, statusBody(report), () => undefined);
  }

  checkCancel(jobId: number, token: string): Promise<JobCallOutcome<boolean>> {
    return this.jobCall(`/api/v1/jobs/${jobId}/cancel-check`, token, {}, (json) => json.cancelled === true);
  }

  async recoverToken(jobId: number): Promise<JobCallOutcome<void>> {
    const res = await this.post(`/api/v1/jobs/${jobId}/token`, this.opts.registrationToken, {}, {});
    if (!isOk(res)) return rejection(res);
    const json = readJson(res);
    if (typeof json.token !== 'string' || json.token === '') throw new Error('token answer has no token');
    return { kind: 'ok', value: undefined, nextToken: json.token };
  }

  private async jobCall<T>(
    path: string,
    token: string,
    body: Json,
    read: (json: Json) => T,
  ): Promise<JobCallOutcome<T>> {
    return jobCallOutcome(await this.post(path, token, body, {}), read);
  }

  private post(
    path: string,
    bearer: string,
    body: Json,
    opts: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<HttpAnswer> {
    return this.send(path, bearer, JSON.stringify(body), { 'content-type': 'application/json' }, opts);
  }

  private send(
    path: string,
    bearer: string,
    body: string | Uint8Array,
    headers: Record<string, string>,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<HttpAnswer> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
    return this.transport({
      url: `${this.base}${path}`,
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/json', ...headers },
      body,
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    });
  }
}

function isOk(res: HttpAnswer): boolean {
  return res.status >= 200 && res.status < 300;
}

/** A job call's answer: the value and the next token, or the rejection. */
function jobCallOutcome<T>(res: HttpAnswer, read: (json: Json) => T): JobCallOutcome<T> {
  if (!isOk(res)) return rejection(res);
  const json = readJson(res);
  const next = typeof json.next_token === 'string' && json.next_token !== '' ? json.next_token : null;
  return { kind: 'ok', value: read(json), nextToken: next };
}

/**
 * A server without the binary form (the original API) reads the body as JSON and refuses it
 * as malformed (400), or refuses the media type (415). Ours answers a malformed binary
 * chunk 400 with a `log.…` code or one naming the header, never `request.invalid_body` for
 * a well-formed one.
 */
function refusesBinary(res: HttpAnswer): boolean {
  if (res.status === 415) return true;
  if (res.status !== 400) return false;
  try {
    const json = JSON.parse(res.text) as Json;
    return json.code === 'request.invalid_body' && !String(json.error ?? '').includes('header');
  } catch {
    return true;
  }
}

function statusBody(report: StatusReport): Json {
  const body: Json = { status: report.status };
  if (report.conclusion) body.conclusion = report.conclusion;
  if (report.startedAt) body.started_at = report.startedAt.toISOString();
  if (report.completedAt) body.completed_at = report.completedAt.toISOString();
  // Beyond the original (additive): sent only when there is something to send.
  if (report.addMasks && report.addMasks.length > 0) body.add_masks = report.addMasks;
  if (report.summary !== undefined) body.summary = report.summary;
  if (report.annotations && report.annotations.length > 0)
    body.annotations = report.annotations.map(annotationWire);
  if (report.outputs && Object.keys(report.outputs).length > 0) body.outputs = report.outputs;
  return body;
}

/** An annotation on the wire (`POST …/status`): snake_case, nulls left out. */
function annotationWire(a: Annotation): Json {
  const wire: Json = { level: a.level, message: a.message };
  const optional: [string, string | number | null][] = [
    ['title', a.title],
    ['file', a.file],
    ['line', a.line],
    ['end_line', a.endLine],
    ['column', a.column],
    ['end_column', a.endColumn],
  ];
  for (const [key, value] of optional) if (value !== null) wire[key] = value;
  return wire;
}

/** The JSON object of a 2xx answer; anything else throws (a transport-level failure). */
export function readJson(res: HttpAnswer): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    throw new Error(`server answered ${res.status} with a body that is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`server answered ${res.status} with a body that is not a JSON object`);
  }
  return parsed as Json;
}

/** A non-2xx answer: `{error, code}` when the body has them, else the status text. */
export function rejection(res: HttpAnswer): Rejection {
  let code = `http.${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const json = JSON.parse(res.text) as Json;
    if (typeof json.code === 'string') code = json.code;
    if (typeof json.error === 'string') message = json.error;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const retryAfter = Number(res.header('retry-after'));
  return {
    kind: 'rejected',
    status: res.status,
    code,
    message,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  };
}

/** The token expiry the server sent, if it sent a valid one. */
function tokenExpiry(res: HttpAnswer): { tokenExpiresAt?: Date } {
  const at = new Date(res.header(TOKEN_EXPIRES_HEADER.toLowerCase()) ?? '');
  return Number.isNaN(at.getTime()) ? {} : { tokenExpiresAt: at };
}

/** A `fetch` answer read whole, for `readJson` and `rejection` (the artifact client). */
export async function answerOf(res: Response): Promise<HttpAnswer> {
  return {
    status: res.status,
    statusText: res.statusText,
    header: (name) => res.headers.get(name) ?? undefined,
    text: await res.text(),
  };
}
