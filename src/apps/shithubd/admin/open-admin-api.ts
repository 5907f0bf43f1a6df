/**
 * Opens the AdminApi for one CLI invocation: *direct* on the configured database, or — when a
 * live `serve` holds the embedded database — the *via server* adapter over its admin socket.
 */
import { BareGitRepositories } from '../../../adapters/git/bare-repositories.js';
import { SystemClock } from '../../../adapters/system/clock.js';
import { ScryptPasswordHasher } from '../../../adapters/system/password-hasher.js';
import { CryptoRandom } from '../../../adapters/system/random.js';
import { AesGcmSecretBox } from '../../../adapters/system/secret-box.js';
import { DomainError } from '../../../domain/errors.js';
import type { AdminApi } from '../../../ports/admin-api.js';
import type { ServerConfig } from '../config.js';
import { EmbeddedDatabaseBusy, openConfiguredDatabase } from '../database.js';
import { loadRootKey } from '../signing-key.js';
import { buildPgStores } from '../stores.js';
import { DirectAdminApi } from './direct-admin-api.js';

export async function openAdminApi(config: ServerConfig): Promise<AdminApi> {
  const rootKey = loadRootKey(config);
  let db: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    db = await openConfiguredDatabase(config);
  } catch (err) {
    if (err instanceof EmbeddedDatabaseBusy) {
      throw new DomainError(
        'unavailable',
        'database.busy',
        `the embedded database in ${config.dataDir} is held by a running shithubd (pid ${err.holder.pid}) that does not answer admin commands`,
      );
    }
    throw err;
  }
  const deps = {
    ...buildPgStores(db.db),
    clock: new SystemClock(),
    random: new CryptoRandom(),
    passwordHasher: new ScryptPasswordHasher(),
    gitRepos: new BareGitRepositories(config.dataDir),
    secretBox: rootKey ? new AesGcmSecretBox(rootKey) : null,
  };
  return new DirectAdminApi(deps, () => db.close());
}
