/** Users of the forge: creation, lookup and password sign-in (SPEC §4). */
import type { Clock } from '../../ports/clock.js';
import type { User } from '../../ports/model/forge.js';
import type { PasswordHasher } from '../../ports/password-hasher.js';
import type { UserStore } from '../../ports/user-store.js';
import { conflict, invalid, notFound, unauthenticated } from '../errors.js';
import { checkOwnerName, quote } from './names.js';

export const MIN_PASSWORD_LENGTH = 8;
/** Bounds the work a single sign-in can cost; far above any typed password. */
export const MAX_PASSWORD_LENGTH = 1024;

export interface CreateUserDeps {
  users: UserStore;
  passwordHasher: PasswordHasher;
  clock: Clock;
}

export interface CreateUserInput {
  name: string;
  isAdmin?: boolean;
  /** Optional web UI password; only its hash is stored. */
  password?: string;
}

/**
 * Creates a user. The name must be a valid owner name not taken by any user or
 * organisation (case-insensitively). Throws `invalid` `user.name_invalid` /
 * `user.password_invalid`, or `conflict` `user.name_taken`.
 */
export async function createUser(deps: CreateUserDeps, input: CreateUserInput): Promise<User> {
  checkOwnerName(input.name, 'user');
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password === undefined ? null : await deps.passwordHasher.hash(input.password);
  const created = await deps.users.createUser({
    name: input.name,
    passwordHash,
    isAdmin: input.isAdmin ?? false,
    createdAt: deps.clock.now(),
  });
  if (created === 'name_taken') {
    throw conflict('user.name_taken', `name ${quote(input.name)} is already taken`);
  }
  return created;
}

/** Throws `invalid` `user.password_invalid` unless the password length is acceptable. */
export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw invalid('user.password_invalid', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw invalid('user.password_invalid', `password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

/** The user named `name` (case-insensitive); throws `not_found` `user.not_found`. */
export async function getUserByName(deps: { users: UserStore }, name: string): Promise<User> {
  const user = await deps.users.getUserByName(name);
  if (!user) throw notFound('user.not_found', `user ${quote(name)} not found`);
  return user;
}

/**
 * Signs a user in by password. Unknown user, a user without a password and a wrong
 * password all throw the same `unauthenticated` `user.bad_credentials`, so the answer
 * does not reveal which names exist.
 */
export async function verifyUserPassword(
  deps: { users: UserStore; passwordHasher: PasswordHasher },
  input: { name: string; password: string },
): Promise<User> {
  const user = await deps.users.getUserByName(input.name);
  const ok =
    user?.passwordHash != null &&
    [...input.password].length <= MAX_PASSWORD_LENGTH &&
    (await deps.passwordHasher.verify(input.password, user.passwordHash));
  if (!user || !ok) throw unauthenticated('user.bad_credentials', 'invalid user name or password');
  return user;
}
