/**
 * Who may fetch or push over smart HTTP (SPEC §4, §5, §8.3). The credential is the password
 * of HTTP Basic auth: a PAT, or a job's checkout token (fetch only). Anonymous callers get
 * `unauthenticated` for anything they cannot read, so git asks for credentials; an
 * authenticated caller gets 404 for a repository it cannot see.
 */
import type { AccessTokenStore } from '../../ports/access-token-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Repo } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { forbidden, notFound, unauthenticated } from '../errors.js';
import { isValidOwnerName, isValidRepoName } from '../forge/names.js';
import { repoPermission, roleSatisfies } from '../forge/repo-permission.js';
import { authenticateAccessToken, hasScope } from '../tokens/personal-access-token.js';
import { authorizeCheckoutToken, type CheckoutTokenDeps, looksLikeJobToken } from './checkout-token.js';

export type GitService = 'upload-pack' | 'receive-pack';

export interface GitAccess {
  repo: Repo;
  /** The name handed to git as `REMOTE_USER` ('' for anonymous, `runner-<id>` for a checkout token). */
  remoteUser: string;
  userId: number | null;
}

export interface GitAccessDeps {
  users: UserStore;
  repos: RepoStore;
  accessTokens: AccessTokenStore;
  clock: Clock;
  /** Absent when no root key is configured: checkout tokens are then refused. */
  checkout?: CheckoutTokenDeps | null;
}

const AUTH_REQUIRED = () => unauthenticated('git.auth_required', 'authentication required');

/**
 * Throws unauthenticated `git.auth_required` / `token.invalid` / `job.token_invalid`,
 * not_found `repo.not_found`, forbidden `repo.forbidden`, `token.scope_insufficient` or
 * `git.checkout_token_read_only`.
 */
export async function authorizeGitRequest(
  deps: GitAccessDeps,
  input: { ownerName: string; name: string; service: GitService; password: string | null },
): Promise<GitAccess> {
  const { service, password } = input;
  const repo =
    isValidOwnerName(input.ownerName) && isValidRepoName(input.name)
      ? await deps.repos.getRepoByPath(input.ownerName, input.name)
      : undefined;
  if (password === null || password === '') {
    if (!repo || repo.isPrivate || service === 'receive-pack') throw AUTH_REQUIRED();
    return { repo, remoteUser: '', userId: null };
  }
  if (looksLikeJobToken(password)) {
    if (!deps.checkout) throw unauthenticated('job.token_invalid', 'job token invalid');
    const runnerId = await authorizeCheckoutToken(deps.checkout, {
      token: password,
      repoId: repo?.id ?? null,
    });
    if (!repo) throw missing(input);
    if (service === 'receive-pack') {
      throw forbidden('git.checkout_token_read_only', 'a checkout token can only fetch');
    }
    return { repo, remoteUser: `runner-${runnerId}`, userId: null };
  }
  const { user, pat } = await authenticateAccessToken(deps, password);
  const role = repo ? await repoPermission(deps, { userId: user.id, repo }) : null;
  if (!repo || role === null) throw missing(input);
  const need = service === 'receive-pack' ? 'write' : 'read';
  if (!roleSatisfies(role, need)) {
    throw forbidden('repo.forbidden', `${need} access to ${repo.ownerName}/${repo.name} is required`);
  }
  const scope = service === 'receive-pack' ? 'repo:write' : 'repo:read';
  if ((service === 'receive-pack' || repo.isPrivate) && !hasScope(pat, scope)) {
    throw forbidden('token.scope_insufficient', `the access token lacks the ${scope} scope`);
  }
  return { repo, remoteUser: user.name, userId: user.id };
}

function missing(input: { ownerName: string; name: string }) {
  return notFound('repo.not_found', `repository ${input.ownerName}/${input.name} not found`);
}
