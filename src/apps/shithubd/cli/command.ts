/**
 * The shape of a `shithubd` command and the small helpers that turn flag values into
 * validated inputs. Flag problems are usage errors (exit 2), named after the flag.
 */
import type { AdminApi, Json } from '../../../ports/admin-api.js';

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
  openAdmin: (opts: Flags) => Promise<AdminApi>;
}

export type Flags = Record<string, unknown>;

export interface CommandDef {
  path: string[];
  summary: string;
  options: OptionDef[];
  /** Runs the command; returns the exit code (0 when omitted). */
  run: (ctx: CliContext, flags: Flags) => Promise<number | undefined>;
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

/** A required or optional string flag; numbers from the argv parser are turned back to text. */
export function stringFlag(flags: Flags, key: string, flag: string, required: true): string;
export function stringFlag(flags: Flags, key: string, flag: string, required?: false): string | undefined;
export function stringFlag(flags: Flags, key: string, flag: string, required = false): string | undefined {
  const value = flags[key];
  if (value === undefined || value === false) {
    if (required) throw new UsageError(`${flag} is required`);
    return undefined;
  }
  if (Array.isArray(value)) throw new UsageError(`${flag} may be given only once`);
  if (value === true) throw new UsageError(`${flag} needs a value`);
  return String(value);
}

/** A positive integer flag such as `--id 7`. */
export function idFlag(flags: Flags, key: string, flag: string, required: true): number;
export function idFlag(flags: Flags, key: string, flag: string, required?: false): number | undefined;
export function idFlag(flags: Flags, key: string, flag: string, required = false): number | undefined {
  const text = required ? stringFlag(flags, key, flag, true) : stringFlag(flags, key, flag);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a positive integer, not '${text}'`);
  }
  return Number(text);
}

/** An integer flag whose range the domain checks (so its message is the domain's). */
export function intFlag(flags: Flags, key: string, flag: string): number | undefined {
  const text = stringFlag(flags, key, flag);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} must be an integer, not '${text}'`);
  return Number(text);
}

/** A repeatable positive-integer flag (`--active-job-id 1 --active-job-id 2`). */
export function idListFlag(flags: Flags, key: string, flag: string): number[] {
  const raw = flags[key];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => idFlag({ v }, 'v', flag, true));
}

export function boolFlag(flags: Flags, key: string): boolean {
  return flags[key] === true;
}

/** Prints a value as JSON (one document) or as text through `renderText`. */
export function print(ctx: CliIo, flags: Flags, value: Json, renderText: (value: Json) => string): void {
  if (outputFormat(flags) === 'json') ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else ctx.stdout(renderText(value));
}

/** Opens the admin API, runs one command and closes it again. */
export async function callAdmin(
  ctx: CliContext,
  flags: Flags,
  command: string,
  input: Record<string, Json | undefined>,
): Promise<Json> {
  const api = await ctx.openAdmin(flags);
  try {
    return await api.call({ command, input });
  } finally {
    await api.close();
  }
}
