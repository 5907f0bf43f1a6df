/** PAT authentication for the REST API: `Authorization: Bearer <pat>` or `token <pat>`. */
import { createMiddleware } from 'hono/factory';
import { unauthenticated } from '../../../domain/errors.js';
import { authenticateAccessToken } from '../../../domain/tokens/personal-access-token.js';
import type { PatApiDeps, PatEnv } from './deps.js';

const SCHEME = /^(?:bearer|token)\s+(\S+)$/i;

/**
 * Sets `caller` from the token, or answers 401: `token.required` without an
 * `Authorization` header, `token.invalid` for anything else that is not a live token.
 * The token never reaches a log or an error message.
 */
export function patAuth(deps: Pick<PatApiDeps, 'users' | 'accessTokens' | 'clock'>) {
  return createMiddleware<PatEnv>(async (c, next) => {
    const header = c.req.header('authorization')?.trim() ?? '';
    try {
      if (header === '') throw unauthenticated('token.required', 'access token required');
      const presented = SCHEME.exec(header)?.[1] ?? '';
      c.set('caller', await authenticateAccessToken(deps, presented));
    } catch (err) {
      c.header('WWW-Authenticate', 'Bearer realm="shithub"');
      throw err;
    }
    await next();
  });
}
