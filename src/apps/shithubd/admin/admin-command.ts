/** The shape of one entry of the admin command table (see admin-commands.ts). */
import type * as v from 'valibot';
import type { AdminCallInput, Json } from '../../../ports/admin-api.js';
import type { AdminDeps } from './admin-deps.js';

/**
 * An input schema: `adminInput({...})` from input-fields.ts, perhaps piped through checks
 * across fields. Its `entries` are what the CLI derives the flags from.
 */
export type AdminInputSchema = v.GenericSchema<AdminCallInput, unknown> & {
  readonly entries: v.ObjectEntries;
};

export interface AdminCommandDef<S extends AdminInputSchema, R extends Json> {
  /** The words on the command line: `['admin', 'runner', 'register']`. */
  readonly path: readonly string[];
  /** One line, for the help index and the command's `--help`. */
  readonly summary: string;
  /** What the command takes; the CLI flags, their help and their coercion come from it. */
  readonly input: S;
  /** The domain call; gets the schema's checked output and answers in the runbook's JSON shape. */
  handle(deps: AdminDeps, input: v.InferOutput<S>): Promise<R>;
  /** The result for humans (`--output text`). `NoInfer`: the handler alone decides the type. */
  render(result: NoInfer<R>): string;
}

/** Declares one command; only here to infer its input and result types. */
export function adminCommand<S extends AdminInputSchema, R extends Json>(
  def: AdminCommandDef<S, R>,
): AdminCommandDef<S, R> {
  return def;
}

/** A timestamp as the runbook prints it: ISO 8601, or null when unset. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
