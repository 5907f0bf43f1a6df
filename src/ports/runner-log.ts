/**
 * The runner daemon's own log (not a step log). Callers never pass tokens, secrets or claim
 * payloads; `fields` hold ids and plain facts only. Implementations never throw.
 */
export type LogFields = Record<string, string | number | boolean | null>;

export interface RunnerLog {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
