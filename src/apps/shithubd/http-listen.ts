/** Binding and closing node HTTP servers (TCP or a unix socket path). */
import type { Server } from 'node:http';

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

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** `host:port` (IPv6 in brackets) → its parts; the config loader checked the shape. */
export function splitListen(listenOn: string): { host: string; port: number } {
  const [host = '127.0.0.1', port = '8080'] = listenOn.replace(/^\[|\](?=:)/g, '').split(/:(?=\d+$)/);
  return { host, port: Number(port) };
}
