/**
 * Whether an error means the database is away — PostgreSQL restarting, refusing
 * connections, a connection cut — rather than a fault in the request or in our code. The
 * HTTP adapter answers those 503 with `Retry-After` (runners retry them as they retry any
 * 5xx), not a 500 with a stack in the log. Drizzle wraps driver errors (`cause`), so the
 * chain is followed a few links deep.
 */

/** postgres.js's own connection errors, and the socket errors of connecting. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs of a server going away or full: class 08 (connection exception), 57P01–57P05
 * (admin or crash shutdown, cannot connect now, idle session timeout), 53300 (too many
 * connections).
 */
const UNAVAILABLE_SQLSTATE = /^(?:08[0-9A-Z]{3}|57P0[1-5]|53300)$/;

export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
