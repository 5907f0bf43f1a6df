/**
 * The admin socket of `serve` on the embedded default (SPEC §18): `<data_dir>/admin.sock`,
 * mode 0600 (file permissions are the authentication), answering the admin commands of
 * other `shithubd admin …` processes while this one holds PGlite.
 */
import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createAdminSocketApp } from '../../adapters/http/admin-socket-server.js';
import type { ErrorLogger } from '../../adapters/http/errors.js';
import type { AdminApi } from '../../ports/admin-api.js';
import { ConfigError } from '../config/layered-config.js';
import { type AdminCommands, readAdminCall } from './admin/admin-commands.js';
import type { ServerConfig } from './config.js';
import { closeServer, listen } from './http-listen.js';

/** Node silently truncates unix socket paths past 107 bytes; refuse them instead. */
const MAX_SOCKET_PATH_BYTES = 107;

/** The socket path on the embedded default, null with PostgreSQL (no lock to share). */
export function adminSocketPath(config: ServerConfig): string | null {
  if (config.database.url) return null;
  const path = join(config.dataDir, 'admin.sock');
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new ConfigError(
      `server.data_dir: the admin socket path ${path} is longer than ${MAX_SOCKET_PATH_BYTES} bytes; use a shorter data folder`,
    );
  }
  return path;
}

export interface AdminSocket {
  close(): Promise<void>;
}

/** Listens on `path` (replacing a stale socket file) with mode 0600 from the first instant. */
export async function serveAdminSocket(
  path: string,
  api: AdminApi<AdminCommands>,
  logger: ErrorLogger,
): Promise<AdminSocket> {
  rmSync(path, { force: true });
  const server = createAdaptorServer({
    fetch: createAdminSocketApp(api, readAdminCall, logger).fetch,
  }) as Server;
  const previous = process.umask(0o177);
  try {
    await listen(server, path);
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
  return {
    close: async () => {
      await closeServer(server);
      rmSync(path, { force: true });
    },
  };
}
