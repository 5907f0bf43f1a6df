/** Forks (SPEC §5): a copy of a repository in the caller's namespace, `fork_of` the source. */
import type { Clock } from '../../ports/clock.js';
import type { GitTransfer } from '../../ports/git-transfer.js';
import type { Repo } from '../../ports/model/forge.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { conflict, notFound } from '../errors.js';

export interface ForkDeps {
  users: UserStore;
  repos: RepoStore;
  gitTransfer: GitTransfer;
  clock: Clock;
}

/**
 * Creates `<user>/<source name>` as a fork: same visibility and default branch, every branch
 * and tag copied, all or nothing (the row is rolled back when git fails). Throws not_found
 * `user.not_found`, conflict `repo.exists` (the user already has a repository of that name,
 * their own source included).
 */
export async function forkRepo(deps: ForkDeps, input: { source: Repo; ownerUserId: number }): Promise<Repo> {
  const { source } = input;
  const owner = await deps.users.getUserById(input.ownerUserId);
  if (!owner) throw notFound('user.not_found', `user #${input.ownerUserId} not found`);
  const exists = () => conflict('repo.exists', `repository ${owner.name}/${source.name} already exists`);
  const created = await deps.repos.createRepo(
    {
      ownerUserId: owner.id,
      ownerOrgId: null,
      ownerName: owner.name,
      name: source.name,
      isPrivate: source.isPrivate,
      defaultBranch: source.defaultBranch,
      forkOfRepoId: source.id,
      createdAt: deps.clock.now(),
    },
    async (repo) => {
      if ((await deps.gitTransfer.cloneRepository(source, repo, repo.defaultBranch)) === 'exists')
        throw exists();
    },
  );
  if (created === 'exists') throw exists();
  return created;
}
