import { invalid } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/**
 * Parses `5s`, `2m`, `24h`, `1h30m`, `90d` (and a bare `0`) into milliseconds.
 * Anything else is an `invalid` error naming the value and the accepted form.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const value = text.trim();
  if (value === '0') return 0;
  if (!WHOLE.test(value)) {
    throw invalid(
      'duration.invalid',
      `${what}: invalid duration '${text}' (use forms like 30s, 2m, 24h, 1h30m)`,
    );
  }
  let total = 0;
  for (const m of value.matchAll(PART)) total += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0);
  return Math.round(total);
}

/** Formats milliseconds back into the short form (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
