/** Text rendering for humans: aligned columns for lists, `key: value` lines for one record. */
import type { Json } from '../../../ports/admin-api.js';

function cell(value: Json | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map((v) => cell(v)).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders rows as aligned columns with an upper-case header; `(none)` when empty. */
export function renderTable(rows: Json, columns: string[]): string {
  if (!Array.isArray(rows) || rows.length === 0) return '(none)\n';
  const matrix = [columns.map((c) => c.toUpperCase())];
  for (const row of rows) {
    const record = (row ?? {}) as Record<string, Json>;
    matrix.push(columns.map((c) => cell(record[c])));
  }
  const widths = columns.map((_, i) => Math.max(...matrix.map((r) => (r[i] ?? '').length)));
  return (
    matrix
      .map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  '))
      .join('\n') + '\n'
  );
}

/** Renders one record as `key: value` lines, in the record's own key order. */
export function renderRecord(value: Json): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${cell(value)}\n`;
  const keys = Object.keys(value);
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `${`${k}:`.padEnd(width + 1)} ${cell(value[k])}`).join('\n') + '\n';
}
