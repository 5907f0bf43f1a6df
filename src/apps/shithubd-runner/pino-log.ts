/** The daemon log: pino JSON lines (or a short human format). Never handed tokens or payloads. */
import { pino } from 'pino';
import type { LogFields, RunnerLog } from '../../ports/runner-log.js';

export function createRunnerLog(
  config: { level: string; format: 'json' | 'pretty' },
  destination: NodeJS.WritableStream = process.stderr,
): RunnerLog {
  const opts = { level: config.level, base: { service: 'shithubd-runner' } };
  const logger =
    config.format === 'json'
      ? pino(opts, destination === process.stderr ? pino.destination(2) : destination)
      : pino(opts, {
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
            destination.write(
              `${new Date(Number(time)).toISOString().slice(11, 19)} ${label} ${String(msg)} ${extra.join(' ')}\n`,
            );
          },
        });
  return {
    info: (message: string, fields?: LogFields) => logger.info(fields ?? {}, message),
    warn: (message: string, fields?: LogFields) => logger.warn(fields ?? {}, message),
    error: (message: string, fields?: LogFields) => logger.error(fields ?? {}, message),
  };
}
