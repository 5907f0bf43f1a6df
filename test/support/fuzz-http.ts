/**
 * Sending fuzz requests over a real socket (node:http, so paths go out byte for byte —
 * `fetch` would resolve `..` and re-encode) and judging each answer: never 5xx, a 4xx body
 * is JSON `{error, code}`, and a request meant to be refused is refused.
 */
import { Agent, request } from 'node:http';

/**
 * `reject`: the request must answer 4xx (it is hostile and nothing about it is valid).
 * `any`: an odd but harmless request that may succeed (health probes, anonymous git reads
 * of a public repository, odd-but-legal list filters); it must still not answer 5xx.
 */
export type Expectation = 'reject' | 'any';

export interface FuzzRequest {
  /** The route attacked, as `METHOD /path/:param` (the key of `app.routes`). */
  route: string;
  method: string;
  /** Raw path and query, sent as is. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  expect: Expectation;
  /** What is hostile about it, for failure messages. */
  note: string;
}

export interface Shot {
  path: string;
  method?: string;
  /** The Authorization header; omitted when undefined. */
  auth?: string;
  body?: string | Uint8Array;
  /** Defaults to application/json when there is a body; '' sends none. */
  contentType?: string;
  headers?: Record<string, string>;
  expect?: Expectation;
  note: string;
}

/** A request against `route` (its method unless `shot.method` overrides). */
export function shot(route: string, s: Shot): FuzzRequest {
  const headers: Record<string, string> = { ...s.headers };
  if (s.auth !== undefined) headers.authorization = s.auth;
  const type = s.contentType ?? (s.body === undefined ? '' : 'application/json');
  if (type !== '') headers['content-type'] = type;
  return {
    route,
    method: s.method ?? route.split(' ')[0]!,
    path: s.path,
    headers,
    ...(s.body === undefined ? {} : { body: s.body }),
    expect: s.expect ?? 'reject',
    note: s.note,
  };
}

export interface FuzzAnswer {
  status: number;
  /** Milliseconds from sending to the end of the answer. */
  ms?: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Sends one request on a kept-alive connection (so a server that drops one without saying
 * `Connection: close` is caught); a connection-level failure is reported as status 0.
 */
export function send(base: URL, req: FuzzRequest): Promise<FuzzAnswer> {
  return new Promise((resolve) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const outgoing = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (err) => resolve({ status: 0, contentType: '', text: String(err) }));
      },
    );
    outgoing.on('error', (err) => resolve({ status: 0, contentType: '', text: String(err) }));
    outgoing.end(body);
  });
}

/** Closes the kept-alive sockets. */
export function closeFuzzAgent(): void {
  agent.destroy();
}

/**
 * What is wrong with the answer, or null. `textRoutes` may answer 4xx as text/plain by
 * design (git's own http-backend answers); `htmlRoutes` (the web UI) answer them as pages.
 */
export function judge(
  req: FuzzRequest,
  res: FuzzAnswer,
  textRoutes: ReadonlySet<string>,
  htmlRoutes: ReadonlySet<string> = new Set(),
): string | null {
  if (res.status === 0) return `no answer: ${res.text}`;
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (req.expect === 'reject' && res.status < 400)
    return `accepted (${res.status}): ${res.text.slice(0, 200)}`;
  if (res.status < 400) return null;
  if (textRoutes.has(req.route) && res.contentType.startsWith('text/plain')) return null;
  if (htmlRoutes.has(req.route) && res.contentType.startsWith('text/html')) return null;
  if (!res.contentType.startsWith('application/json'))
    return `${res.status} as ${res.contentType || 'no type'}`;
  try {
    const body = JSON.parse(res.text) as { error?: unknown; code?: unknown };
    const keys = Object.keys(body).sort().join(',');
    if (typeof body.error !== 'string' || typeof body.code !== 'string' || keys !== 'code,error') {
      return `${res.status} body is not {error, code}: ${res.text.slice(0, 200)}`;
    }
  } catch {
    return `${res.status} body is not JSON: ${res.text.slice(0, 200)}`;
  }
  return null;
}

export interface FuzzOutcome {
  req: FuzzRequest;
  res: FuzzAnswer;
  problem: string | null;
}

/** Sends every request with at most `concurrency` in flight; answers come back in order. */
export async function sendAll(
  base: URL,
  requests: readonly FuzzRequest[],
  opts: { concurrency: number; textRoutes: ReadonlySet<string>; htmlRoutes?: ReadonlySet<string> },
): Promise<FuzzOutcome[]> {
  const out: FuzzOutcome[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const req = requests[i]!;
      const started = performance.now();
      const res = await send(base, req);
      res.ms = performance.now() - started;
      out[i] = { req, res, problem: judge(req, res, opts.textRoutes, opts.htmlRoutes) };
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return out;
}
