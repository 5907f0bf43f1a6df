/**
 * The egress allowlist of step containers (`runner.network_allowlist`, facts §8.2, §8.6):
 * which host patterns an operator may write, and whether a DNS name asked by a step is
 * allowed by them. The runner's `egress-dns` resolver answers only allowed names, and the
 * firewall admits only the addresses it answered, so this rule is the whole egress policy.
 */
import { invalid } from '../errors.js';

/**
 * A pattern (facts §8.2): a lower-case host name, chars `a-z0-9.-`, optionally starting with
 * `*.`; so no `**`, no `..`, no leading or trailing dot and no wildcard elsewhere.
 */
export const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/;
export const HOST_PATTERN_RULE = 'every entry must be a lower-case host name, optionally starting with *.';

/** A name as a step may ask for it: letters, digits, `-` and `_` (SRV, ACME) per label. */
const QUERY_NAME = /^[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})*$/;
const MAX_NAME_LENGTH = 253;

/** The compiled allowlist: exact names, and the suffixes (`.githubusercontent.com`) of `*.` patterns. */
export interface EgressAllowlist {
  readonly exact: ReadonlySet<string>;
  readonly suffixes: readonly string[];
}

/** Whether `pattern` is a valid allowlist entry. */
export function isHostPattern(pattern: string): boolean {
  return HOST_PATTERN.test(pattern);
}

/**
 * Compiles the allowlist; refuses an empty list or a bad pattern as `invalid`
 * (`egress.allowlist_empty`, `egress.pattern_invalid`) naming the pattern.
 */
export function compileAllowlist(patterns: readonly string[]): EgressAllowlist {
  if (patterns.length === 0)
    throw invalid('egress.allowlist_empty', 'the allowlist needs at least one host pattern');
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const pattern of patterns) {
    if (!isHostPattern(pattern))
      throw invalid('egress.pattern_invalid', `'${pattern}': ${HOST_PATTERN_RULE}`);
    if (pattern.startsWith('*.')) suffixes.push(pattern.slice(1));
    else exact.add(pattern);
  }
  return { exact, suffixes };
}

/**
 * A DNS name in the form the allowlist compares: ASCII lower-cased, one trailing dot (the
 * root) dropped. `undefined` for anything that is not a plain host name (empty labels,
 * spaces, non-ASCII, over 253 characters): such a name is never allowed.
 */
export function normaliseQueryName(name: string): string | undefined {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return bare.length <= MAX_NAME_LENGTH && QUERY_NAME.test(bare) ? bare : undefined;
}

/**
 * Whether a step may resolve `name`: an exact entry equal to it, or a `*.` entry of which it
 * is a proper subdomain at any depth (`*.githubusercontent.com` allows
 * `x.githubusercontent.com` and `a.b.githubusercontent.com`, never `githubusercontent.com`
 * itself nor `githubusercontent.com.evil.test`).
 */
export function isNameAllowed(allowlist: EgressAllowlist, name: string): boolean {
  const normal = normaliseQueryName(name);
  if (normal === undefined) return false;
  if (allowlist.exact.has(normal)) return true;
  return allowlist.suffixes.some((suffix) => normal.endsWith(suffix) && normal.length > suffix.length);
}
