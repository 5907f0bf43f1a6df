/** `shithubd admin user passwd` (SPEC §4, §17): a new web UI password ends every session. */
import type { Clock } from '../../ports/clock.js';
import type { User } from '../../ports/model/forge.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { SessionStore } from '../../ports/session-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { notFound } from '../errors.js';
import { quote } from '../forge/names.js';
import { checkPassword, getUserByName } from '../forge/user.js';

/**
 * Stores the hash of `password` for the user named `name`, then revokes every session of
 * that user (a stolen cookie dies with the old password). Throws invalid
 * `user.password_invalid` or not_found `user.not_found`. If revoking fails after the hash
 * was stored, the error propagates and running the command again finishes the job.
 */
export async function setUserPassword(
  deps: { users: UserStore; sessions: SessionStore; passwordHasher: PasswordHasher; clock: Clock },
  input: { name: string; password: string },
): Promise<{ user: User; sessionsRevoked: number }> {
  checkPassword(input.password);
  const found = await getUserByName(deps, input.name);
  const hash = await deps.passwordHasher.hash(input.password);
  const user = await deps.users.setPasswordHash(found.id, hash);
  if (!user) throw notFound('user.not_found', `user ${quote(input.name)} not found`);
  const sessionsRevoked = await deps.sessions.revokeUserSessions(user.id, deps.clock.now());
  return { user, sessionsRevoked };
}
