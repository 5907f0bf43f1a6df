/**
 * Reading web UI form posts: a small body limit, `application/x-www-form-urlencoded` only,
 * each field at most once, and the CSRF check before anything else happens.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { forbidden, invalid } from '../../../domain/errors.js';
import { checkCsrfToken } from '../../../domain/sessions/session-token.js';
import { errorPage } from './errors.js';
import type { UiEnv } from './ui-deps.js';

const MAX_FORM_BYTES = 16 * 1024;
const MAX_FIELD_CHARS = 4096;

/**
 * Per-route middleware: a form over 16 KiB answers a 413 page before it is read (with
 * `Connection: close`: Node drops the rest of the upload).
 */
export const limitForm = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => {
    c.header('Connection', 'close');
    return errorPage(c, { status: 413, message: 'The form is too large.' });
  },
});

/**
 * The form's fields (only those in `allowed`, each once, no NUL, bounded length); throws
 * invalid `form.invalid` otherwise. The CSRF field is always allowed.
 */
export async function readForm<K extends string>(
  c: Context,
  allowed: readonly K[],
): Promise<Partial<Record<K | 'csrf', string>>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw invalid('form.invalid', 'the form must be sent as application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(await c.req.text());
  const out: Partial<Record<string, string>> = {};
  for (const [key, value] of params) {
    if (key !== 'csrf' && !(allowed as readonly string[]).includes(key)) {
      throw invalid('form.invalid', `unknown form field ${JSON.stringify(key.slice(0, 40))}`);
    }
    if (key in out) throw invalid('form.invalid', `form field ${key} must be given once`);
    if (value.includes('\u0000') || value.length > MAX_FIELD_CHARS) {
      throw invalid('form.invalid', `form field ${key} is not acceptable`);
    }
    out[key] = value;
  }
  return out;
}

/**
 * Reads the form and checks its CSRF token against the session's (constant time). A post
 * without a live session, or with a wrong or missing token, throws forbidden `csrf.invalid`
 * before anything is changed.
 */
export async function readSignedInForm<K extends string>(
  c: Context<UiEnv>,
  allowed: readonly K[],
): Promise<Partial<Record<K, string>>> {
  const signedIn = c.get('signedIn');
  const form = await readForm(c, allowed);
  if (!signedIn) {
    throw forbidden('csrf.invalid', 'your session has ended: sign in and try again');
  }
  checkCsrfToken(signedIn.csrfToken, form.csrf);
  return form;
}
