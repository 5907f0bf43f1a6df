/**
 * The runner's HTTP requests on `node:http` (and `node:https`, loaded only for an https
 * server) with one keep-alive agent each. Not `fetch`: undici alone costs the runner about
 * 14 MiB of its idle RSS (SPEC §20: ≤ 60 MiB), and the runner needs nothing of it but a
 * POST with a body and a bounded wait. Node's agent honours the server's `Keep-Alive:
 * timeout=` hint, so an idle socket is dropped before the server closes it.
 */
import { Agent, type IncomingMessage, type RequestOptions, request } from 'node:http';

export interface HttpRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Ends the request (and the wait for its answer) when it aborts. */
  signal: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** A response header by lower-case name. */
  header(name: string): string | undefined;
  /** The body as UTF-8 text. */
  text: string;
}

/** Sends one request; rejects on a transport failure or an abort, never for a status. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

type Send = (
  url: URL,
  options: RequestOptions,
  done: (res: IncomingMessage) => void,
) => ReturnType<typeof request>;

/** A transport with its own keep-alive agents. */
export function nodeHttpTransport(): HttpTransport {
  const http = new Agent({ keepAlive: true });
  let https: Promise<{ send: Send; agent: Agent }> | undefined;
  const secure = () => {
    https ??= import('node:https').then((m) => ({
      send: m.request as Send,
      agent: new m.Agent({ keepAlive: true }),
    }));
    return https;
  };
  return async (req) => {
    const url = new URL(req.url);
    const { send, agent } =
      url.protocol === 'https:' ? await secure() : { send: request as Send, agent: http };
    const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const options: RequestOptions = {
        method: req.method,
        agent,
        headers: { ...req.headers, 'content-length': String(body.byteLength) },
        signal: req.signal,
      };
      const outgoing = send(url, options, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            header: (name) => {
              const value = res.headers[name];
              return Array.isArray(value) ? value.join(', ') : value;
            },
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
      });
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  };
}
