/** Signing in and out of the web UI, and recognising a signed-in browser (SPEC §17). */
import type { Clock } from '../../ports/clock.js';
import type { User } from '../../ports/model/forge.js';
import type { WebSession } from '../../ports/model/session.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { Random } from '../../ports/random.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { verifyUserPassword } from '../forge/user.js';
import { csrfTokenFor, hashSessionToken, isWebTokenText, newWebToken } from './session-token.js';

/** How long a session lasts without signing in again: two weeks. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** A browser that presented a live session: who it is and its forms' CSRF token. */
export interface SignedIn {
  user: User;
  session: WebSession;
  csrfToken: string;
}

export type SignInDeps = {
  users: UserStore;
  passwordHasher: PasswordHasher;
  sessions: SessionStore;
  random: Random;
  clock: Clock;
};

/**
 * Checks the password and opens a session; answers the token to put in the cookie (shown
 * to the browser only). Wrong name and wrong password throw the same unauthenticated
 * `user.bad_credentials` (see `verifyUserPassword`).
 */
export async function signIn(
  deps: SignInDeps,
  input: { name: string; password: string; ttlMs?: number },
): Promise<SignedIn & { token: string }> {
  const user = await verifyUserPassword(deps, input);
  const token = newWebToken(deps.random);
  const now = deps.clock.now();
  const session = await deps.sessions.createSession({
    userId: user.id,
    tokenHash: hashSessionToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + (input.ttlMs ?? SESSION_TTL_MS)),
  });
  return { user, session, token, csrfToken: csrfTokenFor(token) };
}

/**
 * The live session the cookie names, or null: a token of the wrong shape (no lookup), an
 * unknown one, a revoked or expired session, or one whose user is gone. Read-only.
 */
export async function authenticateSession(
  deps: { users: UserStore; sessions: SessionStore; clock: Clock },
  token: string | undefined,
): Promise<SignedIn | null> {
  if (token === undefined || !isWebTokenText(token)) return null;
  const session = await deps.sessions.findSessionByHash(hashSessionToken(token));
  if (!session || session.revokedAt !== null) return null;
  if (session.expiresAt.getTime() <= deps.clock.now().getTime()) return null;
  const user = await deps.users.getUserById(session.userId);
  return user ? { user, session, csrfToken: csrfTokenFor(token) } : null;
}

/** Ends the session for good (idempotent). */
export async function signOut(
  deps: { sessions: SessionStore; clock: Clock },
  session: Pick<WebSession, 'id'>,
): Promise<void> {
  await deps.sessions.revokeSession(session.id, deps.clock.now());
}

/**
 * Deletes sessions that ended (expired or revoked) more than `graceMs` ago; answers how
 * many. Safe on every replica at once.
 */
export function sweepEndedSessions(
  deps: { sessions: SessionStore; clock: Clock },
  input: { graceMs: number },
): Promise<number> {
  return deps.sessions.deleteEndedSessions(new Date(deps.clock.now().getTime() - input.graceMs));
}
