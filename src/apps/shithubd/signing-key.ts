/**
 * The 32-byte root key (`auth.totp_key_b64`). On the embedded default with no key configured,
 * one is generated once into `<data_dir>/totp.key` (mode 0600); with PostgreSQL it must be
 * configured, since several replicas must share it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBase64Key } from '../../adapters/system/secret-box.js';
import { ConfigError } from '../config/layered-config.js';
import type { ServerConfig } from './config.js';

export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'totp.key');
}

/** Returns the root key, or null when none is configured and none may be generated. */
export function loadRootKey(config: ServerConfig): Uint8Array | null {
  if (config.auth.totpKeyB64) {
    try {
      return decodeBase64Key(config.auth.totpKeyB64);
    } catch {
      throw new ConfigError('auth.totp_key_b64: invalid value: must be 32 bytes in base64');
    }
  }
  if (config.database.url) return null;
  const path = keyFilePath(config.dataDir);
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  try {
    return decodeBase64Key(readFileSync(path, 'utf8').trim());
  } catch {
    throw new ConfigError(`${path}: invalid key file: must hold 32 bytes in base64`);
  }
}
