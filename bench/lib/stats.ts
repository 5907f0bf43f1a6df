/** Small statistics for benchmark reports: percentiles and rates, printed one figure a line. */
import { loadavg } from 'node:os';

/** The 1-minute load average, printed beside each figure (other work shares this machine). */
export function loadNote(): string {
  return `load1=${(loadavg()[0] ?? 0).toFixed(2)}`;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarise(name: string, valuesMs: readonly number[]): string {
  return `${name}: n=${valuesMs.length} p50=${percentile(valuesMs, 50).toFixed(2)}ms p90=${percentile(valuesMs, 90).toFixed(2)}ms p99=${percentile(valuesMs, 99).toFixed(2)}ms max=${percentile(valuesMs, 100).toFixed(2)}ms`;
}

/** Prints `BENCH <name> <value> <unit> (target …) PASS|MISS`. */
export function report(
  name: string,
  value: number,
  unit: string,
  target: { op: '<' | '>=' | '<='; value: number },
): boolean {
  const ok =
    target.op === '<'
      ? value < target.value
      : target.op === '<='
        ? value <= target.value
        : value >= target.value;
  console.log(
    `BENCH ${name} ${value.toFixed(3)} ${unit} (target ${target.op} ${target.value}) ${ok ? 'PASS' : 'MISS'} ${loadNote()}`,
  );
  return ok;
}
