/**
 * The rules a configuration key can follow, as valibot schemas. A rule takes one layer's
 * raw value — a TOML value, or the string an environment variable or a flag carries — and
 * outputs the key's typed value; its messages are what the loader prints after
 * `invalid value <json>:`, so every check of one rule says the same thing in words.
 */
import * as v from 'valibot';
import { parseDuration } from '../../domain/durations.js';

/** Any string. */
export const text = () => v.string('must be a string');

/** A string matching `pattern`; `rule` says what that means. */
export const matching = (pattern: RegExp, rule: string) =>
  v.pipe(v.string('must be a string'), v.regex(pattern, rule));

/**
 * A number the key keeps as text because it is handed on verbatim (`engine.cpus`). A TOML
 * number is taken as its decimal spelling when that is unambiguous: `cpus = 2` and
 * `cpus = 0.5` mean exactly what `"2"` and `"0.5"` mean. Keys whose bare number would
 * mean something other than the writer likely meant take strings only and refuse a
 * number with their rule: a size without a unit (`memory = 512` is 512 bytes to docker,
 * not 512m) and a duration without a unit (seconds? minutes?).
 */
export const numeral = (pattern: RegExp, rule: string) =>
  v.pipe(v.union([v.string(), v.pipe(v.number(), v.transform(String))], rule), v.regex(pattern, rule));

/**
 * A memory size as docker and podman take it (`512m`, `2g`), kept as text. A TOML number
 * is refused with the rule: bare, it means bytes, which is not what `memory = 512` meant.
 */
export const size = () => {
  const rule = 'must be a size like 512m or 2g';
  return v.pipe(v.string(rule), v.regex(/^[0-9]+(\.[0-9]+)?[bkmg]?$/i, rule));
};

/**
 * A byte size with a binary unit (`512m`, `2g`, `1t`; `k`, `m`, `g`, `t` are KiB … TiB), as a
 * number of bytes from 1 MiB up. Like `size`, a bare number (bytes? megabytes?) is refused.
 */
export const byteSize = () => {
  const rule = 'must be a size like 512m, 2g or 1t';
  const units: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };
  return v.pipe(
    v.string(rule),
    v.regex(/^[0-9]{1,6}[kmgt]$/i, rule),
    v.transform((text) => Number(text.slice(0, -1)) * (units[text.slice(-1).toLowerCase()] ?? 1)),
    v.minValue(2 ** 20, 'must be at least 1m'),
  );
};

/** An integer from `min` to `max`; an environment or flag string of digits counts. */
export const int = (min: number, max: number) => {
  const rule = `must be an integer from ${min} to ${max}`;
  const digits = v.pipe(v.string(), v.regex(/^\s*-?\d+\s*$/), v.transform(Number));
  return v.pipe(
    v.union([v.number(), digits], rule),
    v.integer(rule),
    v.minValue(min, rule),
    v.maxValue(max, rule),
  );
};

/** A boolean; the environment and flags spell it `true`/`1` or `false`/`0`. */
export const bool = () =>
  v.union(
    [
      v.boolean(),
      v.pipe(
        v.picklist(['true', '1', 'false', '0']),
        v.transform((word) => word === 'true' || word === '1'),
      ),
    ],
    'must be true or false',
  );

/** A duration string (`30s`, `2m`, `24h`, `1h30m`, `0`) of at least `minMs`, as milliseconds. */
export const duration = (minMs: number) =>
  v.pipe(
    v.string('must be a duration string like 30s, 2m or 24h'),
    v.check(isDuration, 'must be a duration like 30s, 2m or 24h'),
    v.transform((value) => parseDuration(value)),
    v.minValue(minMs, `must be at least ${minMs} ms`),
  );

/** One of `values`, typed as their union. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  v.picklist(values, `must be one of ${values.join(', ')}`);

/**
 * A list of strings: a TOML array, or comma-separated in the environment and flags (blank
 * items dropped). With `item`, every entry must match its pattern.
 */
export const list = (item?: { pattern: RegExp; rule: string }) =>
  v.pipe(
    v.union([v.array(v.string()), v.pipe(v.string(), v.transform(splitCsv))], 'must be a list of strings'),
    v.everyItem((entry) => item?.pattern.test(entry) ?? true, item?.rule ?? ''),
  );

/**
 * A list of image patterns (`engine.allowed_images`): image references where `*` matches any run
 * of characters, e.g. `docker.io/library/*`, `ghcr.io/acme/*`, or `*` for any image.
 */
export const imagePatterns = () =>
  list({
    pattern: /^[A-Za-z0-9*][A-Za-z0-9*._:/@+-]*$/,
    rule: 'every pattern must be an image reference where * matches anything (docker.io/library/*, ghcr.io/acme/*, *)',
  });

function splitCsv(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function isDuration(value: string): boolean {
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
}
