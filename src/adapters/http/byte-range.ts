/**
 * One `Range: bytes=…` request header (RFC 9110 §14) against a body of `total` bytes. Only
 * a single range is served; a header this does not understand (several ranges, another
 * unit, nonsense) is ignored and the whole body answered, as the RFC allows.
 */

/** Inclusive byte positions, as `Content-Range` writes them. */
export interface ByteSpan {
  start: number;
  end: number;
}

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** The span to serve, `'unsatisfiable'` (answer 416), or undefined (serve the whole body). */
export function parseByteRange(
  header: string | undefined,
  total: number,
): ByteSpan | 'unsatisfiable' | undefined {
  const m = SINGLE.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const first = m[1] === '' ? undefined : Number(m[1]);
  const last = m[2] === '' ? undefined : Number(m[2]);
  if (first === undefined) {
    // A suffix: the last `last` bytes.
    if (last === 0 || total === 0) return 'unsatisfiable';
    return { start: Math.max(0, total - last!), end: total - 1 };
  }
  if (last !== undefined && last < first) return undefined;
  if (first >= total) return 'unsatisfiable';
  return { start: first, end: Math.min(last ?? total - 1, total - 1) };
}
