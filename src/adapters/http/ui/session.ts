/**
 * The browser side of web UI sessions: the cookies and the middleware that turns a cookie
 * into a viewer. Cookies are `HttpOnly; SameSite=Lax; Path=/`, and `Secure` when the server's
 * base URL is https.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { authenticateSession } from '../../../domain/sessions/sign-in.js';
import type { UiDeps, UiEnv } from './ui-deps.js';

export const SESSION_COOKIE = 'shithub_session';
/** The sign-in form's double-submit nonce (the form has no session to tie a token to yet). */
export const SIGN_IN_COOKIE = 'shithub_sign_in';

const cookieOptions = (deps: Pick<UiDeps, 'baseUrl'>) => ({
  httpOnly: true,
  sameSite: 'Lax' as const,
  path: '/',
  secure: deps.baseUrl.startsWith('https:'),
});

/** Sets `name` for `maxAgeSeconds` with the UI's cookie flags. */
export function putCookie(
  c: Context,
  deps: Pick<UiDeps, 'baseUrl'>,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, name, value, { ...cookieOptions(deps), maxAge: maxAgeSeconds });
}

/** Tells the browser to forget `name`. */
export function dropCookie(c: Context, deps: Pick<UiDeps, 'baseUrl'>, name: string): void {
  deleteCookie(c, name, cookieOptions(deps));
}

/** The cookie's value, if the browser sent exactly that cookie. */
export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

/**
 * Sets `viewer` and `signedIn` from the session cookie: null for no cookie, an unknown, a
 * revoked or an expired session (the page is then shown as to anyone).
 */
export function sessionMiddleware(deps: UiDeps) {
  return createMiddleware<UiEnv>(async (c, next) => {
    const signedIn = await authenticateSession(deps, readCookie(c, SESSION_COOKIE));
    c.set('signedIn', signedIn);
    c.set('viewer', signedIn?.user ?? null);
    await next();
  });
}

/**
 * The client's address as the socket has it. A proxy's `X-Forwarded-For` is not trusted:
 * anyone could send one. Behind a reverse proxy every client shares the proxy's address.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
