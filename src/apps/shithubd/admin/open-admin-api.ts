/**
 * Opens the AdminApi for one CLI invocation: *direct* on the configured database, or — when a
 * live `serve` holds the embedded database — *via server* over its admin socket. A holder that
 * does not answer is an error, never a second open of PGlite.
 */
import { requestOverSocket, SocketAdminApi } from '../../../adapters/http/admin-socket-client.js';
import { DomainError } from '../../../domain/errors.js';
import type { ServerConfig } from '../config.js';
import { EmbeddedDatabaseBusy } from '../database.js';
import { openServerContext } from '../server-context.js';
import type { AdminCommands, ShithubAdminApi } from './admin-commands.js';
import { DirectAdminApi } from './direct-admin-api.js';

export async function openAdminApi(config: ServerConfig): Promise<ShithubAdminApi> {
  try {
    const { db, deps } = await openServerContext(config);
    return new DirectAdminApi(deps, () => db.close());
  } catch (err) {
    if (!(err instanceof EmbeddedDatabaseBusy) || !err.holder.socket) throw err;
    const socket = err.holder.socket;
    try {
      await requestOverSocket(socket, 'GET', '/admin/ping', undefined, 5_000);
    } catch {
      throw new DomainError(
        'unavailable',
        'database.busy',
        `the embedded database in ${config.dataDir} is held by shithubd (pid ${err.holder.pid}), which does not answer on ${socket}`,
      );
    }
    return new SocketAdminApi<AdminCommands>(socket);
  }
}
