/**
 * pino for both programs: JSON lines, or a short human format (`12:00:00 INFO message
 * key=value`) without extra dependencies. Callers never hand it tokens, secrets or payloads.
 */
import { type Logger, pino } from 'pino';

export interface PinoLoggerOptions {
  service: string;
  level: string;
  format: 'json' | 'pretty';
}

function prettyLine(line: string): string {
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
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${new Date(Number(time)).toISOString().slice(11, 19)} ${label} ${String(msg)} ${extra.join(' ')}\n`;
}

export function createPinoLogger(options: PinoLoggerOptions, destination?: NodeJS.WritableStream): Logger {
  const opts = { level: options.level, base: { service: options.service } };
  if (options.format === 'pretty') {
    const stream = destination ?? process.stderr;
    return pino(opts, { write: (line: string) => stream.write(prettyLine(line)) });
  }
  return destination ? pino(opts, destination) : pino(opts, pino.destination(2));
}
