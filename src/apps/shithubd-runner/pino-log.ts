/** The daemon log: pino JSON lines (or a short human format). Never handed tokens or payloads. */
import { createPinoLogger } from '../../adapters/system/pino-logger.js';
import type { LogFields, RunnerLog } from '../../ports/runner-log.js';

export function createRunnerLog(
  config: { level: string; format: 'json' | 'pretty' },
  destination: NodeJS.WritableStream = process.stderr,
): RunnerLog {
  const logger = createPinoLogger(
    { service: 'shithubd-runner', ...config },
    destination === process.stderr ? undefined : destination,
  );
  return {
    info: (message: string, fields?: LogFields) => logger.info(fields ?? {}, message),
    warn: (message: string, fields?: LogFields) => logger.warn(fields ?? {}, message),
    error: (message: string, fields?: LogFields) => logger.error(fields ?? {}, message),
  };
}
