/**
 * The *via server* AdminApi adapter: sends each admin command to a running `serve` over its
 * admin socket, and turns its error answers back into DomainErrors, so the CLI prints and
 * exits exactly as with the direct adapter. Typed by the caller's command map; the server
 * checks each input against the same table.
 */
import { request } from 'node:http';
import { DomainError, type DomainErrorKind } from '../../domain/errors.js';
import type { AdminApi, AdminCommandMap, Json } from '../../ports/admin-api.js';
import { STATUS_BY_KIND } from './errors.js';

const KINDS = new Set(Object.keys(STATUS_BY_KIND));

/** Sends one HTTP request over a unix socket and resolves with status and parsed JSON body. */
export function requestOverSocket(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 120_000,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`admin socket ${socketPath} did not answer in time`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export class SocketAdminApi<M extends AdminCommandMap> implements AdminApi<M> {
  constructor(private readonly socketPath: string) {}

  async call<K extends keyof M & string>(name: K, input: M[K]['input']): Promise<M[K]['result']> {
    const call = { command: name, input };
    const { status, body } = await requestOverSocket(this.socketPath, 'POST', '/admin/call', call);
    const answer = body as { result?: Json; error?: string; code?: string; kind?: string };
    // The server is this same program, answering from the same command table: its result is
    // command K's result (there is no result schema to parse it with).
    if (status === 200 && answer.result !== undefined) return answer.result as M[K]['result'];
    if (answer.kind && KINDS.has(answer.kind)) {
      throw new DomainError(
        answer.kind as DomainErrorKind,
        answer.code ?? 'admin.failed',
        answer.error ?? 'failed',
      );
    }
    throw new Error(answer.error ?? `admin socket answered ${status}`);
  }

  async close(): Promise<void> {}
}
