/**
 * The shape of a `shithubd` command and the small helpers for its flags. Flag problems are
 * usage errors (exit 2), named after the flag. Admin command inputs are checked by their
 * schemas instead (see admin-flags.ts).
 */
import type { Json } from '../../../ports/admin-api.js';
import type { ShithubAdminApi } from '../admin/admin-commands.js';

export interface OptionDef {
  /** cac flag syntax: `--name <name>`, `--private`, `--active-job-id <id>`. */
  flags: string;
  description: string;
  default?: unknown;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for secret values and passwords). */
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CliContext extends CliIo {
  /** Opens the admin API on the configured data (direct, or via a live server). */
  openAdmin: (opts: Flags) => Promise<ShithubAdminApi>;
}

export type Flags = Record<string, unknown>;

export interface CommandDef {
  path: string[];
  summary: string;
  options: OptionDef[];
  /** Positional arguments the command takes, as its usage shows them (`<file...>`); none when absent. */
  positionals?: string;
  /** Runs the command with its flags and positional arguments; returns the exit code (0 when omitted). */
  run: (ctx: CliContext, flags: Flags, args: string[]) => Promise<number | undefined>;
}

/** A problem with how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const OUTPUT_OPTION: OptionDef = {
  flags: '--output <format>',
  description: 'text (aligned columns) or json (one JSON document)',
  default: 'text',
};

export function outputFormat(flags: Flags): 'text' | 'json' {
  const value = String(flags.output ?? 'text');
  if (value !== 'text' && value !== 'json')
    throw new UsageError(`--output must be text or json, not '${value}'`);
  return value;
}

/** An optional string flag; numbers from the argv parser are turned back to text. */
export function stringFlag(flags: Flags, key: string, flag: string): string | undefined {
  const value = flags[key];
  if (value === undefined || value === false) return undefined;
  if (Array.isArray(value)) throw new UsageError(`${flag} may be given only once`);
  if (value === true) throw new UsageError(`${flag} needs a value`);
  return String(value);
}

/** Prints a value as JSON (one document) or as text through `renderText`. */
export function print<T extends Json>(
  ctx: CliIo,
  flags: Flags,
  value: T,
  renderText: (value: T) => string,
): void {
  if (outputFormat(flags) === 'json') ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else ctx.stdout(renderText(value));
}
