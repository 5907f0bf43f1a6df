/**
 * Signing in and out (SPEC §17): `GET /login`, `POST /login`, `POST /logout`. The sign-in
 * form has no session yet, so its CSRF token is a double-submit nonce (cookie = field,
 * compared in constant time); sign-in is rate limited per user name and per client address.
 */
import type { Context, Hono } from 'hono';
import { isDomainError } from '../../../../domain/errors.js';
import { isWebTokenText, newWebToken, secretsMatch } from '../../../../domain/sessions/session-token.js';
import { SESSION_TTL_MS, signIn, signOut } from '../../../../domain/sessions/sign-in.js';
import { CsrfField } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { errorPage } from '../errors.js';
import { limitForm, readForm, readSignedInForm } from '../forms.js';
import { DEFAULT_LOGIN_RATE, LoginLimiter } from '../login-limiter.js';
import { renderPage } from '../render.js';
import {
  clientAddress,
  dropCookie,
  putCookie,
  readCookie,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
  sessionMiddleware,
} from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const NONCE_MAX_AGE_SECONDS = 60 * 60;
const SAFE_NEXT = /^\/(?![/\\])[A-Za-z0-9/._~%?=&+-]{0,1000}$/;

/** Where to go after signing in: a local path only (never another site). */
export const safeNext = (next: string | undefined) => (next && SAFE_NEXT.test(next) ? next : '/');

interface FormState {
  nonce: string;
  name?: string;
  next: string;
  error?: string;
}

function signInPage(c: Context<UiEnv>, state: FormState, status: 200 | 401 | 429 = 200) {
  return renderPage(
    c,
    <Layout title="Sign in" signedIn={null}>
      <h1>Sign in</h1>
      {state.error ? (
        <p class="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="panel">
        <CsrfField token={state.nonce} />
        <input type="hidden" name="next" value={state.next} />
        <label for="name">User name</label>
        <input type="text" id="name" name="name" autocomplete="username" required value={state.name ?? ''} />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
      <p class="muted">
        Accounts and passwords are set by an administrator:{' '}
        <code>shithubd admin user passwd --name NAME</code>.
      </p>
    </Layout>,
    status,
  );
}

export function mountAuthRoutes(app: Hono<UiEnv>, deps: UiDeps): void {
  const session = sessionMiddleware(deps);
  const limiter = new LoginLimiter(deps.clock, deps.loginRate ?? DEFAULT_LOGIN_RATE);

  app.get('/login', session, async (c) => {
    const signedIn = c.get('signedIn');
    if (signedIn) return c.redirect(safeNext(c.req.query('next')), 303);
    const sent = readCookie(c, SIGN_IN_COOKIE);
    const nonce = sent && isWebTokenText(sent) ? sent : newWebToken(deps.random);
    putCookie(c, deps, SIGN_IN_COOKIE, nonce, NONCE_MAX_AGE_SECONDS);
    return signInPage(c, { nonce, next: safeNext(c.req.query('next')) });
  });

  app.post('/login', limitForm, session, async (c) => {
    const form = await readForm(c, ['name', 'password', 'next']);
    const nonce = readCookie(c, SIGN_IN_COOKIE) ?? '';
    if (!isWebTokenText(nonce) || !secretsMatch(nonce, form.csrf ?? '')) {
      return errorPage(c, {
        status: 403,
        message: 'The sign-in form is out of date: reload it and try again.',
      });
    }
    const state = { nonce, name: form.name ?? '', next: safeNext(form.next) };
    const rate = limiter.take(state.name, clientAddress(c));
    if (!rate.allowed) {
      c.header('Retry-After', String(rate.retryAfterSeconds));
      const wait = `Too many sign-in attempts: wait ${rate.retryAfterSeconds} seconds and try again.`;
      return signInPage(c, { ...state, error: wait }, 429);
    }
    try {
      const opened = await signIn(deps, { name: state.name, password: form.password ?? '' });
      const previous = c.get('signedIn');
      if (previous) await signOut(deps, previous.session);
      putCookie(c, deps, SESSION_COOKIE, opened.token, Math.floor(SESSION_TTL_MS / 1000));
      dropCookie(c, deps, SIGN_IN_COOKIE);
      return c.redirect(state.next, 303);
    } catch (err) {
      if (!isDomainError(err) || err.code !== 'user.bad_credentials') throw err;
      return signInPage(c, { ...state, error: 'Invalid user name or password.' }, 401);
    }
  });

  app.post('/logout', limitForm, session, async (c) => {
    await readSignedInForm(c, []);
    await signOut(deps, c.get('signedIn')!.session);
    dropCookie(c, deps, SESSION_COOKIE);
    return c.redirect('/', 303);
  });
}
