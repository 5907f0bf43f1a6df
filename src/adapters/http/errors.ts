/**
 * The one place HTTP answers a failure: DomainError kinds map to statuses, bodies are
 * `{ "error", "code" }`, and anything unexpected is a generic 500 logged once (without
 * request bodies or tokens). A client that went away mid-request is no server error: it
 * is logged at `info`, and its answer goes nowhere. An error the composition root's
 * `isUnavailable` recognises (the database is away) is a 503 with `Retry-After`, logged
 * at `warn` without a stack.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type DomainErrorKind, isDomainError } from '../../domain/errors.js';

export const STATUS_BY_KIND: Record<DomainErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn?(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

/** Tells an outage of something the server depends on (the database) from a fault. */
export type UnavailablePredicate = (err: Error) => boolean;

/** Seconds a client should wait before retrying a 503 for an outage. */
export const UNAVAILABLE_RETRY_AFTER_S = 2;

/**
 * When `err` is an outage: logs it and sets `Retry-After`, returning the answer's body
 * (the caller renders it as JSON or as a page). Undefined for any other error.
 */
export function outageAnswer(
  err: Error,
  c: Context,
  logger: ErrorLogger,
  isUnavailable: UnavailablePredicate | undefined,
): { error: string; code: string } | undefined {
  if (!isUnavailable?.(err)) return undefined;
  (logger.warn ?? logger.error).call(
    logger,
    { err: { name: err.name, message: err.message }, path: c.req.path, method: c.req.method },
    'database unavailable: answered 503',
  );
  c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
  return { error: 'the database is unavailable; retry shortly', code: 'database.unavailable' };
}

/** True for the error reading a request body throws when its client disconnected. */
export function isClientAbort(err: Error, request?: Request): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    request?.signal.aborted === true ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    err.message === 'aborted'
  );
}

/** Builds Hono's `onError` handler. */
export function errorHandler(logger: ErrorLogger, isUnavailable?: UnavailablePredicate) {
  return (err: Error, c: Context) => {
    if (isDomainError(err)) {
      return c.json({ error: err.message, code: err.code }, STATUS_BY_KIND[err.kind]);
    }
    const outage = outageAnswer(err, c, logger, isUnavailable);
    if (outage) return c.json(outage, 503);
    if (isClientAbort(err, c.req.raw)) {
      logger.info?.({ path: c.req.path, method: c.req.method }, 'client went away mid-request');
      return c.json({ error: 'client closed the request', code: 'request.aborted' }, 400);
    }
    logger.error(
      { err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.path },
      'unhandled error',
    );
    return c.json({ error: 'internal server error', code: 'internal' }, 500);
  };
}
