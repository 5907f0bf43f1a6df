/** Binding and closing node HTTP servers (TCP or a unix socket path). */
import type { Server, ServerOptions } from 'node:http';

export function listen(server: Server, target: { port: number; host: string } | string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (typeof target === 'string') server.listen(target, done);
    else server.listen(target.port, target.host, done);
  });
}

/**
 * Slow-client limits (`server.headers_timeout`, `server.request_timeout`): a client gets
 * `headersTimeoutMs` to send its headers — counted from its connection, so a socket that
 * sends nothing is closed too — and `requestTimeoutMs` for the whole request including its
 * body, so a trickling connection is cut (408) instead of holding a socket.
 */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * The node `http.createServer` options carrying `timeouts`. Node enforces them on a timer
 * (30 s by default, which would let a 15 s limit hold a socket for 45 s): it runs here at
 * half the headers limit, at most once a second.
 */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersTimeoutMs / 2))),
  };
}

/** Counts a server's in-flight requests so a close can wait for them. */
export interface InFlight {
  count(): number;
  /** Resolves once no request is in flight (at once when none is). */
  drained(): Promise<void>;
}

/**
 * Starts counting `server`'s requests. Once `isClosing()` is true, every response asks its
 * client to close the connection, so keep-alive clients reconnect (to another replica).
 */
export function trackInFlight(server: Server, isClosing: () => boolean): InFlight {
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  server.on('request', (_req, res) => {
    inFlight += 1;
    if (isClosing()) res.shouldKeepAlive = false;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight > 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  return {
    count: () => inFlight,
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}

/**
 * Stops accepting connections, closes idle keep-alive ones, lets in-flight requests finish
 * for up to `drainMs` (when `inFlight` is given), then cuts whatever is left.
 */
export async function closeServer(
  server: Server,
  drain?: { inFlight: InFlight; drainMs: number },
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections?.();
  if (drain) {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drain.drainMs);
    });
    await Promise.race([drain.inFlight.drained(), bound]);
    clearTimeout(timer);
  }
  server.closeAllConnections?.();
  await closed;
}

/** `host:port` (IPv6 in brackets) → its parts; the config loader checked the shape. */
export function splitListen(listenOn: string): { host: string; port: number } {
  const [host = '127.0.0.1', port = '8080'] = listenOn.replace(/^\[|\](?=:)/g, '').split(/:(?=\d+$)/);
  return { host, port: Number(port) };
}
