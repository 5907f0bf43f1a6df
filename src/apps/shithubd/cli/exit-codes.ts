/** The one mapping from failures to CLI exit codes: 0 ok, 1 runtime failure, 2 usage/validation. */
import { isDomainError } from '../../../domain/errors.js';
import { ConfigError } from '../../config/layered-config.js';
import { UsageError } from './command.js';

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) return 2;
  if (isDomainError(err)) return err.kind === 'invalid' ? 2 : 1;
  return 1;
}

/** One line for stderr; unexpected errors keep their message but never a stack. */
export function messageFor(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? 'error';
}
