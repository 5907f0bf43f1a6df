/** `GitTransfer` on the git CLI: bare clones for forks, fetches by commit id for pull requests. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { GitRepoRef } from '../../ports/git-reader.js';
import type { GitRepositories } from '../../ports/git-repositories.js';
import type { GitTransfer } from '../../ports/git-transfer.js';
import { gitEnvironment, isObjectId, runGitOrThrow } from './git-command.js';

/** The staging folder `BareGitRepositories` uses too: owner names cannot start with `.`. */
const STAGING = '.staging';

/** Copies between repositories addressed through `repos.pathOf`. */
export class CliGitTransfer implements GitTransfer {
  constructor(
    private readonly repos: Pick<GitRepositories, 'pathOf'>,
    private readonly gitBinary = 'git',
  ) {}

  async cloneRepository(
    from: GitRepoRef,
    to: GitRepoRef,
    defaultBranch: string,
  ): Promise<'created' | 'exists'> {
    const source = this.dir(from);
    const target = this.dir(to);
    if (await isDirectory(target)) return 'exists';
    // Clone into the shared staging folder and rename into place: the final path only ever
    // holds a complete repository.
    const root = dirname(dirname(target));
    const staging = join(root, STAGING, `${randomUUID()}.git`);
    await mkdir(join(root, STAGING), { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    try {
      await execa(this.gitBinary, ['clone', '--quiet', '--bare', '--no-hardlinks', '--', source, staging], {
        env: gitEnvironment(),
      });
      await runGitOrThrow(this.gitBinary, staging, ['remote', 'remove', 'origin']);
      await runGitOrThrow(this.gitBinary, staging, ['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);
      await rename(staging, target);
      return 'created';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') return 'exists';
      throw err;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async copyCommit(from: GitRepoRef, to: GitRepoRef, sha: string, ref: string): Promise<void> {
    if (!isObjectId(sha)) throw new Error('copyCommit needs a full commit id');
    if (!ref.startsWith('refs/') || ref.startsWith('-') || /\s|:/.test(ref))
      throw new Error(`invalid ref ${ref}`);
    // The source's upload-pack reads this setting from the environment git passes down, so
    // a commit no ref advertises any more (a force-pushed head) can still be fetched.
    await runGitOrThrow(this.gitBinary, this.dir(to), [
      '-c',
      'uploadpack.allowAnySHA1InWant=true',
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      this.dir(from),
      `+${sha}:${ref}`,
    ]);
  }

  private dir(repo: GitRepoRef): string {
    return this.repos.pathOf(repo.ownerName, repo.name);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
