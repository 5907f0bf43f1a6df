/**
 * The fields admin command inputs are built from. Each field is a valibot schema that takes the
 * value as the CLI sends it (flag text) or as a program sends it (JSON: numbers for numbers),
 * and outputs what the handler needs (`--expires-in 24h` → milliseconds). Its description and
 * its `cli` metadata (a FlagSpec) are what the CLI derives the flag and its help from.
 *
 * A field is written as a function of its input key: `adminInput` passes the key, so the flag a
 * field names in its messages (`expires_in` ↔ `--expires-in`) is derived once, here.
 */
import * as v from 'valibot';
import { parseDuration } from '../../../domain/durations.js';
import { isDomainError } from '../../../domain/errors.js';

/** How a field arrives on the command line. */
export type FlagSpec =
  /** `--name <name>`; a `list` flag may be repeated (`--active-job-id 1 --active-job-id 2`). */
  | { kind: 'value' | 'list'; flag: string; placeholder: string }
  /** `--private`: present or not. */
  | { kind: 'switch'; flag: string }
  /** Read from standard input: always, or when the `optIn` switch (`--password-stdin`) is given. */
  | { kind: 'stdin'; what: string; optIn?: string };

type Entry = v.ObjectEntries[string];
/** A field before it knows its key. */
export type Field<S extends Entry = Entry> = (key: string) => S;

/** The flag of an input key: `expires_in` → `--expires-in`. */
export const flagOf = (key: string): string => `--${key.replaceAll('_', '-')}`;

function withFlag<S extends v.GenericSchema>(schema: S, description: string, cli: FlagSpec) {
  return v.pipe(schema, v.description<v.InferOutput<S>, string>(description), v.metadata({ cli }));
}

/** The input of one command: an object of fields; a missing required one is named by its flag. */
export function adminInput<const F extends Record<string, Field>>(fields: F) {
  // Object.fromEntries cannot carry the per-key types; the mapped type restates them.
  const entries = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field(key)])) as {
    [K in keyof F]: ReturnType<F[K]>;
  };
  return v.object(entries, (issue) => {
    const key = issue.path?.[0]?.key;
    const entry = typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : undefined;
    if (!entry) return 'the input must be an object';
    const spec = flagSpecOf(entry);
    return spec.kind === 'stdin'
      ? `${spec.what} must be given on standard input`
      : `${spec.flag} is required`;
  });
}

/** Makes a field optional: absent when the flag is not given. */
export function optional<S extends v.GenericSchema>(field: Field<S>) {
  return (key: string) => v.optional(field(key));
}

/** Makes a field optional with a default, which the CLI help shows too. */
export function withDefault<S extends v.GenericSchema>(field: Field<S>, value: v.InferInput<S>) {
  return (key: string) => v.optional(field(key), value);
}

/** Text taken as given (`--name <name>`); what it must look like is the domain's rule. */
export function text(placeholder: string, description: string) {
  return (key: string) =>
    withFlag(v.string(`${flagOf(key)} must be a string`), description, {
      kind: 'value',
      flag: flagOf(key),
      placeholder,
    });
}

function wholeNumber(flag: string, pattern: RegExp, what: string) {
  return v.pipe(
    v.union([v.string(), v.number()], `${flag} must be ${what}`),
    v.transform(String),
    v.check(
      (digits) => pattern.test(digits) && Number.isSafeInteger(Number(digits)),
      (issue) => `${flag} must be ${what}, not '${issue.input}'`,
    ),
    v.transform(Number),
  );
}

/** An id: a positive integer, as text or as a JSON number. */
export function positiveInt(placeholder: string, description: string) {
  return (key: string) =>
    withFlag(wholeNumber(flagOf(key), /^0*[1-9]\d*$/, 'a positive integer'), description, {
      kind: 'value',
      flag: flagOf(key),
      placeholder,
    });
}

/** An integer whose range the domain checks, so the range message is the domain's. */
export function integer(placeholder: string, description: string) {
  return (key: string) =>
    withFlag(wholeNumber(flagOf(key), /^-?\d+$/, 'an integer'), description, {
      kind: 'value',
      flag: flagOf(key),
      placeholder,
    });
}

/** A duration (`24h`, `1h30m`, `0`), output in milliseconds; the message is the domain's. */
export function duration(placeholder: string, description: string) {
  return (key: string) => {
    const flag = flagOf(key);
    const ms = v.pipe(
      v.string(`${flag} must be a string`),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        try {
          return parseDuration(dataset.value, flag);
        } catch (err) {
          if (!isDomainError(err)) throw err;
          addIssue({ message: err.message });
          return NEVER;
        }
      }),
    );
    return withFlag(ms, description, { kind: 'value', flag, placeholder });
  };
}

/** A switch (`--private`): false unless given. */
export function toggle(description: string) {
  return (key: string) =>
    v.optional(
      withFlag(v.boolean(`${flagOf(key)} must be true or false`), description, {
        kind: 'switch',
        flag: flagOf(key),
      }),
      false,
    );
}

/** A repeatable id flag whose name is its singular (`--active-job-id` → `active_job_ids`). */
export function positiveIntList(flag: string, placeholder: string, description: string) {
  return () =>
    v.optional(
      withFlag(
        v.array(wholeNumber(flag, /^0*[1-9]\d*$/, 'a positive integer'), `${flag} must be a list`),
        description,
        { kind: 'list', flag, placeholder },
      ),
      () => [],
    );
}

function nonEmptyText(what: string) {
  return v.pipe(v.string(`${what} must be a string`), v.nonEmpty(`${what} must be given on standard input`));
}

/** A value the CLI reads from standard input, so it never shows in argv or shell history. */
export function stdinText(what: string, description: string) {
  return () => withFlag(nonEmptyText(what), description, { kind: 'stdin', what });
}

/** Like stdinText, but read only when asked for with `--<key>-stdin` (`--password-stdin`). */
export function optionalStdinText(what: string, description: string) {
  return (key: string) =>
    v.optional(
      withFlag(nonEmptyText(what), description, { kind: 'stdin', what, optIn: `${flagOf(key)}-stdin` }),
    );
}

/** The flag spec of a field made here (optional ones included). */
export function flagSpecOf(entry: Entry): FlagSpec {
  const inner = 'wrapped' in entry ? entry.wrapped : entry;
  const spec: unknown = v.getMetadata(inner).cli;
  if (!isFlagSpec(spec)) throw new Error('an admin input field must be built with input-fields.ts');
  return spec;
}

function isFlagSpec(value: unknown): value is FlagSpec {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** The help text of a field. */
export function descriptionOf(entry: Entry): string {
  return v.getDescription('wrapped' in entry ? entry.wrapped : entry) ?? '';
}

/**
 * The one message for a refused input. A rule about the whole input (which flags go together)
 * comes first, as the CLI always checked those before single flags; else the first field's.
 */
export function explainIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return (issues.find((issue) => !issue.path) ?? issues[0])?.message ?? 'invalid input';
}
