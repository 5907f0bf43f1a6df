/**
 * Personal access tokens (SPEC §4, §8). The token text is `shp_` followed by 64
 * lowercase hex digits (32 random bytes). It is shown once; the store keeps only
 * SHA-256 of the token text's UTF-8 bytes, prefix included, so a token presented on
 * the API is hashed exactly as received.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccessTokenStore } from '../../ports/access-token-store.js';
import type { Clock } from '../../ports/clock.js';
import type { PatScope, PersonalAccessToken, User } from '../../ports/model/forge.js';
import type { Random } from '../../ports/random.js';
import type { UserStore } from '../../ports/user-store.js';
import { invalid, notFound, unauthenticated } from '../errors.js';
import { quote } from '../forge/names.js';
import { getUserByName } from '../forge/user.js';

export const PAT_SCOPES: readonly PatScope[] = ['repo:read', 'repo:write', 'admin'];
const TOKEN_TEXT = /^shp_[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 100;
/** `lastUsedAt` is refreshed at most this often, so authenticating is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** SHA-256 of the token text (UTF-8). */
export function hashAccessToken(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/**
 * Validates a scope list into canonical order without duplicates. Throws `invalid`
 * `token.scope_invalid` for an empty list or naming the first unknown scope.
 */
export function parseScopes(scopes: readonly string[]): PatScope[] {
  if (scopes.length === 0) throw invalid('token.scope_invalid', 'at least one scope is required');
  const unknown = scopes.find((s) => !(PAT_SCOPES as readonly string[]).includes(s));
  if (unknown !== undefined) {
    throw invalid('token.scope_invalid', `scope ${quote(unknown)} is invalid: use ${PAT_SCOPES.join(', ')}`);
  }
  return PAT_SCOPES.filter((s) => scopes.includes(s));
}

/** True when the token grants `scope`: `admin` implies `repo:write`, which implies `repo:read`. */
export function hasScope(pat: Pick<PersonalAccessToken, 'scopes'>, scope: PatScope): boolean {
  const granted = new Set(pat.scopes);
  if (granted.has('admin')) return true;
  if (scope === 'repo:read') return granted.has('repo:read') || granted.has('repo:write');
  return granted.has(scope);
}

export interface CreateAccessTokenDeps {
  users: UserStore;
  accessTokens: AccessTokenStore;
  random: Random;
  clock: Clock;
}

export interface CreateAccessTokenInput {
  userName: string;
  scopes: readonly string[];
  /** Lifetime from now; omitted or null for a token that does not expire. */
  expiresInMs?: number | null;
  name?: string;
}

/**
 * Mints a token for the user. Returns the token text (to show once) and the stored
 * record. Throws `invalid` `token.scope_invalid` / `token.expiry_invalid` /
 * `token.name_invalid`, or `not_found` `user.not_found`.
 */
export async function createAccessToken(
  deps: CreateAccessTokenDeps,
  input: CreateAccessTokenInput,
): Promise<{ token: string; pat: PersonalAccessToken }> {
  const scopes = parseScopes(input.scopes);
  const { expiresInMs = null, name = '' } = input;
  if (expiresInMs !== null && !(Number.isSafeInteger(expiresInMs) && expiresInMs > 0)) {
    throw invalid('token.expiry_invalid', 'token lifetime must be a positive whole number of milliseconds');
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw invalid('token.name_invalid', `token name must be at most ${MAX_NAME_LENGTH} characters`);
  }
  const user = await getUserByName(deps, input.userName);
  const now = deps.clock.now();
  const token = `shp_${Buffer.from(deps.random.bytes(32)).toString('hex')}`;
  const pat = await deps.accessTokens.createAccessToken({
    userId: user.id,
    name,
    tokenHash: hashAccessToken(token),
    scopes,
    expiresAt: expiresInMs === null ? null : new Date(now.getTime() + expiresInMs),
    createdAt: now,
  });
  return { token, pat };
}

/**
 * Resolves an `Authorization` header value (`Bearer <token>`) or a bare token (e.g. the
 * password of HTTP Basic auth) to its user. Unknown, malformed, revoked and expired
 * (`expiresAt <= now`) tokens, and tokens of a deleted user, all throw the same
 * `unauthenticated` `token.invalid` "invalid access token".
 */
export async function authenticateAccessToken(
  deps: { users: UserStore; accessTokens: AccessTokenStore; clock: Clock },
  credential: string | null | undefined,
): Promise<{ user: User; pat: PersonalAccessToken }> {
  const rejected = unauthenticated('token.invalid', 'invalid access token');
  const token = (credential ?? '').trim().replace(/^bearer\s+/i, '');
  if (!TOKEN_TEXT.test(token)) throw rejected;
  const hash = hashAccessToken(token);
  const pat = await deps.accessTokens.findByHash(hash);
  if (!pat || pat.tokenHash.length !== hash.length || !timingSafeEqual(pat.tokenHash, hash)) throw rejected;
  const now = deps.clock.now();
  if (pat.revokedAt !== null || (pat.expiresAt !== null && pat.expiresAt.getTime() <= now.getTime()))
    throw rejected;
  const user = await deps.users.getUserById(pat.userId);
  if (!user) throw rejected;
  if (pat.lastUsedAt === null || now.getTime() - pat.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await deps.accessTokens.touchAccessToken(pat.id, now);
  }
  return { user, pat };
}

/** Revokes the token with this id (idempotent); throws `not_found` `token.not_found`. */
export async function revokeAccessToken(
  deps: { accessTokens: AccessTokenStore; clock: Clock },
  input: { id: number },
): Promise<PersonalAccessToken> {
  const pat = await deps.accessTokens.revokeAccessToken(input.id, deps.clock.now());
  if (!pat) throw notFound('token.not_found', `access token ${input.id} not found`);
  return pat;
}

/**
 * Revokes one of the caller's own tokens (`DELETE /api/v1/user/tokens/{id}`): any token of
 * the user, the presenting one included, so a leaked token can always be switched off with
 * itself. Another user's token, or none with this id, is `not_found` `token.not_found` —
 * the same answer, so ids of other users' tokens cannot be probed. Idempotent.
 */
export async function revokeOwnAccessToken(
  deps: { accessTokens: AccessTokenStore; clock: Clock },
  input: { userId: number; id: number },
): Promise<PersonalAccessToken> {
  const owned = (await deps.accessTokens.listForUser(input.userId)).some((t) => t.id === input.id);
  if (!owned) throw notFound('token.not_found', 'access token not found');
  return revokeAccessToken(deps, { id: input.id });
}

/** The user's tokens, oldest first; throws `not_found` `user.not_found`. */
export async function listAccessTokens(
  deps: { users: UserStore; accessTokens: AccessTokenStore },
  input: { userName: string },
): Promise<PersonalAccessToken[]> {
  const user = await getUserByName(deps, input.userName);
  return deps.accessTokens.listForUser(user.id);
}
