/** pino, configured from `log.level` / `log.format`. Never handed tokens, secrets or payloads. */
import { type Logger, pino } from 'pino';
import type { ServerConfig } from './config.js';

export function createLogger(config: Pick<ServerConfig, 'log'>, destination?: NodeJS.WritableStream): Logger {
  const opts = { level: config.log.level, base: { service: 'shithubd' } };
  if (config.log.format === 'pretty') {
    // A small human format without extra dependencies: `12:00:00 INFO message key=value`.
    const stream = destination ?? process.stderr;
    return pino(opts, {
      write(line: string) {
        const {
          time,
          level,
          msg,
          service: _s,
          pid: _p,
          hostname: _h,
          ...rest
        } = JSON.parse(line) as Record<string, unknown>;
        const label = pino.levels.labels[Number(level)]?.toUpperCase() ?? String(level);
        const extra = Object.entries(rest).map(
          ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
        );
        stream.write(
          `${new Date(Number(time)).toISOString().slice(11, 19)} ${label} ${String(msg)} ${extra.join(' ')}\n`,
        );
      },
    });
  }
  return destination ? pino(opts, destination) : pino(opts, pino.destination(2));
}
