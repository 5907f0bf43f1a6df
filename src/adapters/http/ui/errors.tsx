/**
 * How the web UI answers a failure: an HTML page with the status, never a stack trace or a
 * value from the request. Paths under `/api/` keep the API's JSON answer, so a mistyped API
 * path is still `{"error","code"}` even where a page route's pattern matched it.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type DomainError, isDomainError } from '../../../domain/errors.js';
import type { SignedIn } from '../../../domain/sessions/sign-in.js';
import {
  type ErrorLogger,
  isClientAbort,
  outageAnswer,
  STATUS_BY_KIND,
  type UnavailablePredicate,
} from '../errors.js';
import { Layout } from './components/layout.js';
import { renderPage } from './render.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  403: 'Refused',
  404: 'Not found',
  409: 'Not possible now',
  422: 'Not possible',
  413: 'Too large',
  429: 'Too many attempts',
  503: 'Unavailable',
};

const acceptsHtml = (c: Context) => /\btext\/html\b/.test(c.req.header('accept') ?? '');

/**
 * A read by a client that did not ask for HTML (git, curl, a script whose path happened to
 * match a page route): it gets the API's JSON error, as on every other route. Form posts
 * come from pages, so their refusals stay pages.
 */
const wantsJsonError = (c: Context) => (c.req.method === 'GET' || c.req.method === 'HEAD') && !acceptsHtml(c);

/** True for a request a browser makes for a page (so a 404 should be a page too). */
export function wantsPage(c: Context): boolean {
  const path = c.req.path;
  return (
    (c.req.method === 'GET' || c.req.method === 'HEAD') &&
    acceptsHtml(c) &&
    !isApiPath(path) &&
    !/\.git(?:\/|$)/.test(path)
  );
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** An error page with `status`, `title` and one sentence. */
export function errorPage(
  c: Context,
  input: { status: ContentfulStatusCode; message: string; signedIn?: SignedIn | null },
): Promise<Response> {
  const title = TITLES[input.status] ?? 'Something went wrong';
  return renderPage(
    c,
    <Layout title={title} signedIn={input.signedIn ?? null}>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {input.message}
      </p>
      <p>
        <a href="/">Back to the repositories</a>
      </p>
    </Layout>,
    input.status,
  );
}

/** The app's 404 for a page nobody serves. */
export const notFoundPage = (c: Context) =>
  errorPage(c, { status: 404, message: 'There is no page at this address, or you may not see it.' });

function messageOf(err: DomainError): string {
  if (err.kind === 'not_found') return 'There is no page at this address, or you may not see it.';
  return err.message;
}

/** The UI routes' `onError`: pages for domain errors, a logged generic 500 for the rest. */
export function pageErrorHandler(logger: ErrorLogger, isUnavailable?: UnavailablePredicate) {
  return (err: Error, c: Context) => {
    const signedIn = (c.get('signedIn') as SignedIn | null | undefined) ?? null;
    if (isDomainError(err)) {
      if (isApiPath(c.req.path) && err.kind === 'not_found') {
        return c.json({ error: 'not found', code: 'route.not_found' }, 404);
      }
      if (wantsJsonError(c)) {
        return c.json({ error: messageOf(err), code: err.code }, STATUS_BY_KIND[err.kind]);
      }
      return errorPage(c, { status: STATUS_BY_KIND[err.kind], message: messageOf(err), signedIn });
    }
    const outage = outageAnswer(err, c, logger, isUnavailable);
    if (outage) {
      if (wantsJsonError(c)) return c.json(outage, 503);
      return errorPage(c, {
        status: 503,
        message: 'The server cannot reach its database. Try again shortly.',
        signedIn,
      });
    }
    if (isClientAbort(err, c.req.raw)) {
      logger.info?.({ path: c.req.path, method: c.req.method }, 'client went away mid-request');
      return c.json({ error: 'client closed the request', code: 'request.aborted' }, 400);
    }
    logger.error(
      { err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.path },
      'unhandled error',
    );
    return errorPage(c, { status: 500, message: 'The server failed to answer. Try again later.', signedIn });
  };
}
