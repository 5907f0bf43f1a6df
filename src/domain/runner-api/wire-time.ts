/** Instants on the runner API wire: RFC 3339 in UTC (facts §1.2). */

/** `2026-01-01T00:15:00Z`; milliseconds are kept only when not zero. */
export function formatWireTime(at: Date): string {
  return at.toISOString().replace(/\.000Z$/, 'Z');
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Reads an RFC 3339 instant as the runner sends it (nanosecond fractions allowed, cut to
 * milliseconds); undefined when the text is not one.
 */
export function parseWireTime(text: string): Date | undefined {
  if (!RFC3339.test(text)) return undefined;
  const normalised = text.replace(/(\.\d{3})\d+/, '$1');
  const at = new Date(normalised);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
