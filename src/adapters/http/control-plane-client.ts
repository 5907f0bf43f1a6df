/**
 * The `ControlPlane` over HTTP with `fetch` (SPEC §7, facts §1): exact paths, bodies and
 * field names of the original API, so this runner also talks to the original server.
 * Every HTTP answer is a return value; a failed connection, a timeout or a malformed 2xx
 * body throws. Nothing here logs: tokens and claim payloads stay in memory.
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

export interface ControlPlaneClientOptions {
  /** `server.base_url`, without a trailing slash. */
  baseUrl: string;
  registrationToken: string;
  /** Time allowed for one job call (and on top of a long poll's wait). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

type Json = Record<string, unknown>;

export class ControlPlaneClient implements ControlPlane {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: ControlPlaneClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.fetchFn = opts.fetch ?? fetch;
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
    if (res.status === 200)
      return { kind: 'claimed', assignment: parseClaim(await readJson(res)), ...expiry };
    return rejection(res);
  }

  appendLog(jobId: number, token: string, chunk: LogChunk): Promise<JobCallOutcome<void>> {
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
    if (!res.ok) return rejection(res);
    const json = await readJson(res);
    if (typeof json.token !== 'string' || json.token === '') throw new Error('token answer has no token');
    return { kind: 'ok', value: undefined, nextToken: json.token };
  }

  private async jobCall<T>(
    path: string,
    token: string,
    body: Json,
    read: (json: Json) => T,
  ): Promise<JobCallOutcome<T>> {
    const res = await this.post(path, token, body, {});
    if (!res.ok) return rejection(res);
    const json = await readJson(res);
    const next = typeof json.next_token === 'string' && json.next_token !== '' ? json.next_token : null;
    return { kind: 'ok', value: read(json), nextToken: next };
  }

  private post(
    path: string,
    bearer: string,
    body: Json,
    opts: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
    return this.fetchFn(`${this.base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    });
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
export async function readJson(res: Response): Promise<Json> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`server answered ${res.status} with a body that is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`server answered ${res.status} with a body that is not a JSON object`);
  }
  return parsed as Json;
}

/** A non-2xx answer: `{error, code}` when the body has them, else the status text. */
/** The token expiry the server sent, if it sent a valid one. */
function tokenExpiry(res: Response): { tokenExpiresAt?: Date } {
  const at = new Date(res.headers.get(TOKEN_EXPIRES_HEADER) ?? '');
  return Number.isNaN(at.getTime()) ? {} : { tokenExpiresAt: at };
}

export async function rejection(res: Response): Promise<Rejection> {
  let code = `http.${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const json = JSON.parse(await res.text()) as Json;
    if (typeof json.code === 'string') code = json.code;
    if (typeof json.error === 'string') message = json.error;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    kind: 'rejected',
    status: res.status,
    code,
    message,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  };
}
