/**
 * The command line of an admin command, derived from its input schema: one cac option per
 * field (flag, placeholder, help, default), and the parsed flags read back into an input that
 * the schema then checks. Flags are checked before standard input is read, so a mistyped
 * command never sits waiting for input.
 */
import * as v from 'valibot';
import type { AdminInputSchema } from '../admin/admin-command.js';
import { descriptionOf, explainIssues, type FlagSpec, flagSpecOf } from '../admin/input-fields.js';
import { type Flags, type OptionDef, stringFlag, UsageError } from './command.js';

type Entry = AdminInputSchema['entries'][string];

/** cac's key for a flag's value: `--expires-in` → `expiresIn`. */
const optionKey = (flag: string): string =>
  flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A default the help can show (`--older-than` 2m); list and switch defaults go without saying. */
function defaultOf(entry: Entry): string | undefined {
  return 'default' in entry && typeof entry.default === 'string' ? entry.default : undefined;
}

/** The cac option of one field; none for a value always read from standard input. */
function optionOf(entry: Entry): OptionDef | undefined {
  const spec = flagSpecOf(entry);
  const description = descriptionOf(entry);
  if (spec.kind === 'switch') return { flags: spec.flag, description };
  if (spec.kind === 'stdin') return spec.optIn ? { flags: spec.optIn, description } : undefined;
  return { flags: `${spec.flag} ${spec.placeholder}`, description, default: defaultOf(entry) };
}

/** The cac options of an input schema, in field order. */
export function flagOptions(schema: AdminInputSchema): OptionDef[] {
  return Object.values(schema.entries).flatMap((entry) => optionOf(entry) ?? []);
}

/** A flag's value as the schema takes it: text, true, or a list of text; undefined when absent. */
function flagValue(spec: Exclude<FlagSpec, { kind: 'stdin' }>, flags: Flags): unknown {
  const key = optionKey(spec.flag);
  if (spec.kind === 'value') return stringFlag(flags, key, spec.flag);
  if (spec.kind === 'switch') return flags[key] === true ? true : undefined;
  const given = flags[key];
  if (given === undefined) return undefined;
  return (Array.isArray(given) ? given : [given]).map((one) => {
    if (one === true) throw new UsageError(`${spec.flag} needs a value`);
    return String(one);
  });
}

/** The schema's one message refusing `input`, leaving out issues at `skipKey`; undefined if none. */
function refusal(schema: AdminInputSchema, input: unknown, skipKey?: string): string | undefined {
  const issues = (v.safeParse(schema, input).issues ?? []).filter(
    (issue) => skipKey === undefined || issue.path?.[0]?.key !== skipKey,
  );
  return issues.length > 0 ? explainIssues(issues) : undefined;
}

/**
 * The input of an admin command from its parsed flags, and standard input for the one field
 * read from there (trailing newline dropped, as `echo` and heredocs add one). Checked by the
 * schema; a refused input is a UsageError with the schema's message.
 */
export async function inputFromFlags<S extends AdminInputSchema>(
  schema: S,
  flags: Flags,
  readStdin: () => Promise<string>,
): Promise<v.InferInput<S>> {
  const input: Record<string, unknown> = {};
  let stdinKey: string | undefined;
  for (const [key, entry] of Object.entries(schema.entries)) {
    const spec = flagSpecOf(entry);
    if (spec.kind === 'stdin') {
      if (!spec.optIn || flags[optionKey(spec.optIn)] === true) stdinKey = key;
      continue;
    }
    const value = flagValue(spec, flags);
    if (value !== undefined) input[key] = value;
  }
  if (stdinKey !== undefined) {
    const early = refusal(schema, input, stdinKey);
    if (early !== undefined) throw new UsageError(early);
    input[stdinKey] = (await readStdin()).replace(/\r?\n$/, '');
  }
  if (v.is(schema, input)) return input;
  throw new UsageError(refusal(schema, input) ?? 'invalid input');
}
