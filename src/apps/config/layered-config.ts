/**
 * Layered configuration shared by both programs: built-in defaults < TOML file <
 * environment < flags (SPEC §3). Every key is declared with its kind and rule; an unknown
 * key, or a value that breaks its rule, fails with the key, the value and the rule.
 */
import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import { parseDuration } from '../../domain/durations.js';

export type KeyKind =
  | { kind: 'string'; pattern?: RegExp; rule?: string }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'duration'; minMs?: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; itemPattern?: RegExp; rule?: string };

export interface KeySpec {
  kind: KeyKind;
  default: unknown;
  /** Environment aliases besides `<PREFIX><SECTION>__<KEY>` (e.g. SHITHUB_DATABASE_URL). */
  aliases?: string[];
}

export type ConfigSpec = Record<string, KeySpec>;
export type ConfigValues = Record<string, unknown>;

/** A configuration problem: names the key (or file) and the rule that was broken. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  spec: ConfigSpec;
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
  flags?: Record<string, unknown>;
  fileExists: (path: string) => boolean;
}

/** Loads and validates configuration from all layers; throws ConfigError on the first problem. */
export function loadLayeredConfig(opts: LoadOptions): { values: ConfigValues; file: string | null } {
  const values: ConfigValues = {};
  for (const [key, spec] of Object.entries(opts.spec)) values[key] = spec.default;

  const file = opts.file ?? (opts.defaultFile && opts.fileExists(opts.defaultFile) ? opts.defaultFile : null);
  if (file) {
    for (const [key, raw] of Object.entries(readTomlFile(file))) {
      values[key] = coerce(opts.spec, key, raw, `${file}: ${key}`);
    }
  }
  for (const [key, raw] of Object.entries(readEnv(opts)))
    values[key] = coerce(opts.spec, key, raw.value, raw.name);
  for (const [key, raw] of Object.entries(opts.flags ?? {})) {
    if (raw !== undefined) values[key] = coerce(opts.spec, key, raw, `flag for ${key}`);
  }
  return { values, file };
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
    doc = TOML.parse(text) as Record<string, unknown>;
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

function readEnv(opts: LoadOptions): Record<string, { name: string; value: unknown }> {
  const out: Record<string, { name: string; value: unknown }> = {};
  const aliasOf = new Map<string, string>();
  for (const [key, spec] of Object.entries(opts.spec))
    for (const a of spec.aliases ?? []) aliasOf.set(a, key);
  for (const [name, value] of Object.entries(opts.env)) {
    if (value === undefined || !name.startsWith(opts.envPrefix)) continue;
    const alias = aliasOf.get(name);
    if (alias) {
      out[alias] ??= { name, value };
      continue;
    }
    const rest = name.slice(opts.envPrefix.length);
    if (!rest.includes('__') || opts.envIgnore?.includes(name)) continue;
    const [section, ...key] = rest.split('__');
    const dotted = `${(section ?? '').toLowerCase()}.${key.join('__').toLowerCase()}`;
    if (!(dotted in opts.spec)) throw new ConfigError(`environment ${name}: unknown key '${dotted}'`);
    out[dotted] = { name, value };
  }
  return out;
}

/** Converts one raw value (TOML, env string or flag) to the key's type, or throws ConfigError. */
export function coerce(spec: ConfigSpec, key: string, raw: unknown, where: string): unknown {
  const keySpec = spec[key];
  if (!keySpec) throw new ConfigError(`${where}: unknown key '${key}'`);
  const k = keySpec.kind;
  const bad = (rule: string) => new ConfigError(`${where}: invalid value ${JSON.stringify(raw)}: ${rule}`);
  switch (k.kind) {
    case 'string': {
      if (typeof raw !== 'string') throw bad('must be a string');
      if (k.pattern && !k.pattern.test(raw)) throw bad(k.rule ?? `must match ${k.pattern}`);
      return raw;
    }
    case 'int': {
      const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < k.min || n > k.max) {
        throw bad(`must be an integer from ${k.min} to ${k.max}`);
      }
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw bad('must be true or false');
    }
    case 'duration': {
      if (typeof raw !== 'string') throw bad('must be a duration string like 30s, 2m or 24h');
      let ms: number;
      try {
        ms = parseDuration(raw);
      } catch {
        throw bad('must be a duration like 30s, 2m or 24h');
      }
      if (k.minMs !== undefined && ms < k.minMs) throw bad(`must be at least ${k.minMs} ms`);
      return ms;
    }
    case 'enum': {
      if (typeof raw !== 'string' || !k.values.includes(raw))
        throw bad(`must be one of ${k.values.join(', ')}`);
      return raw;
    }
    case 'list': {
      const items =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
      if (!Array.isArray(items) || items.some((i) => typeof i !== 'string'))
        throw bad('must be a list of strings');
      const bad_item = k.itemPattern ? items.find((i) => !k.itemPattern?.test(i)) : undefined;
      if (bad_item !== undefined) throw bad(k.rule ?? `every item must match ${k.itemPattern}`);
      return items;
    }
  }
}
