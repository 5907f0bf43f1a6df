/**
 * Opens the AdminApi for one CLI invocation: *direct* on the configured database, or — when a
 * live `serve` holds the embedded database — *via server* over its admin socket. A holder that
 * does not answer is an error, never a second open of PGlite.
 *
 * The database drivers, Drizzle and the git adapters are loaded only for a direct call: a
 * command that goes over the socket loads none of them (it starts several times faster).
 */
import { requestOverSocket, SocketAdminApi } from '../../../adapters/http/admin-socket-client.js';
import { peekEmbeddedLock } from '../../../adapters/postgres/embedded-lock.js';
import { DomainError } from '../../../domain/errors.js';
import type { ServerConfig } from '../config.js';
import type { AdminCommands, ShithubAdminApi } from './admin-commands.js';

export async function openAdminApi(config: ServerConfig): Promise<ShithubAdminApi> {
  const serving = config.database.url ? null : peekEmbeddedLock(config.dataDir);
  if (serving?.socket) return viaServer(config, serving.pid, serving.socket);
  const [{ openServerContext }, { EmbeddedDatabaseBusy }, { DirectAdminApi }] = await Promise.all([
    import('../server-context.js'),
    import('../database.js'),
    import('./direct-admin-api.js'),
  ]);
  try {
    const { db, deps } = await openServerContext(config);
    return new DirectAdminApi(deps, () => db.close());
  } catch (err) {
    // A `serve` that started between the peek and the open.
    if (!(err instanceof EmbeddedDatabaseBusy) || !err.holder.socket) throw err;
    return viaServer(config, err.holder.pid, err.holder.socket);
  }
}

async function viaServer(config: ServerConfig, pid: number, socket: string): Promise<ShithubAdminApi> {
  try {
    await requestOverSocket(socket, 'GET', '/admin/ping', undefined, 5_000);
  } catch {
    throw new DomainError(
      'unavailable',
      'database.busy',
      `the embedded database in ${config.dataDir} is held by shithubd (pid ${pid}), which does not answer on ${socket}`,
    );
  }
  return new SocketAdminApi<AdminCommands>(socket);
}
