/**
 * GitHub's filter globs (SPEC §6): `*` any run without `/`, `**` any run, `?` zero or one of
 * the preceding character, `+` one or more of it, `[a-z0-9]` one listed character, `\` escapes.
 * A leading `!` negates; in a list the last matching pattern wins.
 */
import type { Filter } from './model.js';

export type CompiledGlob = { ok: true; regex: RegExp } | { ok: false; error: string };

interface Atom {
  source: string;
  /** `?` and `+` may follow only a single character or a class. */
  repeatable: boolean;
}

/** Translates one glob (without its leading `!`) into an anchored RegExp, or says why it is bad. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob === '') return { ok: false, error: 'empty pattern' };
  const atoms: Atom[] = [];
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i] as string;
    if (ch === '*') {
      const double = glob[i + 1] === '*';
      atoms.push({ source: double ? '.*' : '[^/]*', repeatable: false });
      i += double ? 2 : 1;
    } else if (ch === '?' || ch === '+') {
      const last = atoms.pop();
      if (!last?.repeatable) return { ok: false, error: `'${ch}' at offset ${i} has no character to repeat` };
      atoms.push({ source: `(?:${last.source})${ch}`, repeatable: false });
      i += 1;
    } else if (ch === '[') {
      const cls = readClass(glob, i);
      if ('error' in cls) return { ok: false, error: cls.error };
      atoms.push({ source: cls.source, repeatable: true });
      i = cls.next;
    } else if (ch === '\\') {
      const next = glob[i + 1];
      if (next === undefined) return { ok: false, error: 'pattern ends with a lone backslash' };
      atoms.push({ source: escapeRegex(next), repeatable: true });
      i += 2;
    } else {
      atoms.push({ source: escapeRegex(ch), repeatable: true });
      i += 1;
    }
  }
  return { ok: true, regex: new RegExp(`^${atoms.map((a) => a.source).join('')}$`) };
}

function readClass(glob: string, start: number): { source: string; next: number } | { error: string } {
  const close = glob.indexOf(']', start + 1);
  if (close === -1) return { error: `'[' at offset ${start} is never closed` };
  const body = glob.slice(start + 1, close);
  if (body === '') return { error: `empty '[]' at offset ${start}` };
  let source = '';
  for (let j = 0; j < body.length; j += 1) {
    const lo = body[j] as string;
    const hi = body[j + 2];
    if (body[j + 1] === '-' && hi !== undefined) {
      if (!sameRangeFamily(lo, hi) || lo > hi) return { error: `bad range '${lo}-${hi}' at offset ${start}` };
      source += `${escapeRegex(lo)}-${escapeRegex(hi)}`;
      j += 2;
    } else source += escapeRegex(lo);
  }
  return { source: `[${source}]`, next: close + 1 };
}

/** Ranges may only span a-z, A-Z or 0-9. */
function sameRangeFamily(lo: string, hi: string): boolean {
  return [/[a-z]/, /[A-Z]/, /[0-9]/].some((family) => family.test(lo) && family.test(hi));
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Splits `!pattern` into its glob and whether it negates. */
export function splitNegation(pattern: string): { glob: string; negated: boolean } {
  return pattern.startsWith('!')
    ? { glob: pattern.slice(1), negated: true }
    : { glob: pattern, negated: false };
}

/** Whether one glob matches the text; a bad glob matches nothing (the parser reports it). */
export function globMatches(glob: string, text: string): boolean {
  const compiled = compileGlob(glob);
  return compiled.ok && compiled.regex.test(text);
}

/**
 * Whether a value passes a filter. `include`: the last matching pattern decides, and a list of
 * only `!` patterns starts from "everything". `ignore`: passes unless the last match is positive.
 */
export function passesFilter(filter: Filter, value: string): boolean {
  const parsed = filter.patterns.map(splitNegation);
  let matched = filter.mode === 'include' && parsed.every((p) => p.negated);
  for (const { glob, negated } of parsed) {
    if (globMatches(glob, value)) matched = !negated;
  }
  return filter.mode === 'include' ? matched : !matched;
}

/** Whether any changed path passes a `paths` / `paths-ignore` filter. */
export function anyPathPasses(filter: Filter, paths: readonly string[]): boolean {
  return paths.some((path) => passesFilter(filter, path));
}
