/**
 * Layered configuration shared by both programs: built-in defaults < TOML file <
 * environment < flags (SPEC §3). Every key is declared with its rule as a valibot schema
 * (see key-rules.ts) and its default; an unknown key, or a value that breaks its rule,
 * fails with the key, the value and the rule. The typed values are inferred from the rules.
 */
import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import * as v from 'valibot';

export interface KeySpec {
  /** The key's rule wrapped in `v.optional(rule, default)`: parses raw layer values, yields the default when unset. */
  schema: v.GenericSchema;
  /** Environment aliases besides `<PREFIX><SECTION>__<KEY>` (e.g. SHITHUB_DATABASE_URL). */
  aliases?: readonly string[];
  /**
   * Set while the key's feature does not exist: any layer that sets the key is refused
   * with this reason, so nobody believes a setting took effect. Delete it to switch on.
   */
  unsupported?: string;
}

export type ConfigSpec = Record<string, KeySpec>;
/** A spec's own keys, each a KeySpec (no index signature, so `spec[key]` is never undefined). */
export type SpecOf<S> = { [K in keyof S]: KeySpec };

/** The typed value of `key`, inferred from its rule. */
export type ConfigValue<S extends SpecOf<S>, K extends keyof S> = v.InferOutput<S[K]['schema']>;

/**
 * Declares a key: its rule, its default written as the file would (`'2m'`, not 120000;
 * parsed by the rule like any layer's value), and its aliases or unsupported reason.
 */
export const setting = <const R extends v.GenericSchema>(
  rule: R,
  defaultValue: v.InferInput<R>,
  extra: Omit<KeySpec, 'schema'> = {},
) => ({ schema: v.optional(rule, defaultValue), ...extra });

/** Declares a key with no default: its value is `undefined` unless a layer sets it. */
export const settingWithoutDefault = <const R extends v.GenericSchema>(
  rule: R,
  extra: Omit<KeySpec, 'schema'> = {},
) => ({ schema: v.optional(rule), ...extra });

/** A configuration problem: names the key (or file) and the rule that was broken. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions<S extends SpecOf<S>> {
  spec: S;
  /** Explicit `--config` / `*_CONFIG` file: missing is an error. */
  file?: string;
  /** Default file location: used only if it exists. */
  defaultFile?: string;
  env: Record<string, string | undefined>;
  /** Environment prefix, e.g. `SHITHUB_` → `SHITHUB_DATABASE__URL`. */
  envPrefix: string;
  /** Variables with the prefix that are not configuration (e.g. SHITHUB_CONFIG). */
  envIgnore?: string[];
  /** Values from command-line flags, keyed `section.key`; undefined entries are ignored. */
  flags?: Partial<Record<keyof S & string, unknown>>;
  fileExists: (path: string) => boolean;
}

export interface LoadedConfig<S extends SpecOf<S>> {
  /** The file that was read, if any. */
  file: string | null;
  /** The key's value from the highest layer that sets it, else its default. */
  get<K extends keyof S & string>(key: K): ConfigValue<S, K>;
}

/** One value from one layer, and how to name where it came from. */
interface Layered {
  key: string;
  raw: unknown;
  /** Prefix of an invalid-value or unknown-key message (`config.toml: server.listen`). */
  where: string;
  /** The file, variable or `flags` the value came from. */
  origin: string;
}

/** Loads and validates configuration from all layers; throws ConfigError on the first problem. */
export function loadLayeredConfig<S extends SpecOf<S>>(opts: LoadOptions<S>): LoadedConfig<S> {
  const file = opts.file ?? (opts.defaultFile && opts.fileExists(opts.defaultFile) ? opts.defaultFile : null);
  const fromFile: Layered[] = file
    ? Object.entries(readTomlFile(file)).map(([key, raw]) => ({
        key,
        raw,
        where: `${file}: ${key}`,
        origin: file,
      }))
    : [];
  const fromFlags: Layered[] = Object.entries(opts.flags ?? {})
    .filter(([, raw]) => raw !== undefined)
    .map(([key, raw]) => ({ key, raw, where: `flag for ${key}`, origin: 'flags' }));
  // Each layer's value is checked where it stands (a bad value is an error even when a
  // higher layer overrides it); the highest layer's raw value is the one `get` parses.
  const winners = new Map<string, unknown>();
  for (const value of [...fromFile, ...readEnv(opts), ...fromFlags]) {
    check(opts.spec, value);
    winners.set(value.key, value.raw);
  }
  return {
    file,
    get(key) {
      const parsed = v.safeParse(opts.spec[key].schema, winners.get(key));
      if (!parsed.success) {
        // Every layer was checked above, so only a built-in default can land here.
        throw new ConfigError(`${key}: built-in default breaks its rule: ${parsed.issues[0].message}`);
      }
      return parsed.output;
    },
  };
}

function check(spec: ConfigSpec, { key, raw, where, origin }: Layered): void {
  const keySpec = spec[key];
  if (!keySpec) throw new ConfigError(`${where}: unknown key '${key}'`);
  const parsed = v.safeParse(keySpec.schema, raw);
  if (!parsed.success) {
    throw new ConfigError(`${where}: invalid value ${JSON.stringify(raw)}: ${parsed.issues[0].message}`);
  }
  if (keySpec.unsupported !== undefined) {
    throw new ConfigError(`${origin}: ${key}: not supported yet (${keySpec.unsupported})`);
  }
}

function readTomlFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `config file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = TOML.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path}: invalid TOML: ${(err as Error).message.split('\n')[0]}`);
  }
  const flat: Record<string, unknown> = {};
  for (const [section, body] of Object.entries(doc)) {
    if (body === null || typeof body !== 'object' || Array.isArray(body) || body instanceof Date) {
      throw new ConfigError(
        `config file ${path}: unknown key '${section}' (settings live in sections like [server])`,
      );
    }
    for (const [key, value] of Object.entries(body)) flat[`${section}.${key}`] = value;
  }
  return flat;
}

/** `<PREFIX><SECTION>__<KEY>` variables and aliases; a canonical name wins over its alias. */
function readEnv(opts: LoadOptions<ConfigSpec>): Layered[] {
  const out = new Map<string, Layered>();
  const aliasOf = new Map<string, string>();
  for (const [key, spec] of Object.entries(opts.spec))
    for (const a of spec.aliases ?? []) aliasOf.set(a, key);
  for (const [name, value] of Object.entries(opts.env)) {
    if (value === undefined || !name.startsWith(opts.envPrefix)) continue;
    const alias = aliasOf.get(name);
    if (alias) {
      if (!out.has(alias)) out.set(alias, { key: alias, raw: value, where: name, origin: name });
      continue;
    }
    const rest = name.slice(opts.envPrefix.length);
    if (!rest.includes('__') || opts.envIgnore?.includes(name)) continue;
    const [section, ...key] = rest.split('__');
    const dotted = `${(section ?? '').toLowerCase()}.${key.join('__').toLowerCase()}`;
    if (!(dotted in opts.spec)) throw new ConfigError(`environment ${name}: unknown key '${dotted}'`);
    out.set(dotted, { key: dotted, raw: value, where: name, origin: name });
  }
  return [...out.values()];
}
