/** Answers a page: the doctype, the JSX tree, and headers that keep the page to itself. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Scripts and styles only from this server (no inline code runs), forms post only here,
 * no framing. The log view uses classes, never inline styles, so `style-src 'self'` holds.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers every page carries. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Renders `page` (a `<Layout>` tree) as a whole HTML document. */
export async function renderPage(
  c: Context,
  page: unknown,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const body = await html`<!DOCTYPE html>${page}`;
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return c.html(body, status);
}
