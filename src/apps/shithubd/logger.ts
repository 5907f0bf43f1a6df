/** The server's pino logger, configured from `log.level` / `log.format`. */
import type { Logger } from 'pino';
import { createPinoLogger } from '../../adapters/system/pino-logger.js';
import type { ServerConfig } from './config.js';

export function createLogger(config: Pick<ServerConfig, 'log'>, destination?: NodeJS.WritableStream): Logger {
  return createPinoLogger({ service: 'shithubd', ...config.log }, destination);
}
