/**
 * Bare git repositories under `<data_dir>/repos/<owner>/<name>.git`, created with the git
 * CLI through execa (argv only, never a shell). Owner and repository names are checked
 * again here, so no input can address a path outside the repositories root.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { execa } from 'execa';
import type { GitRepositories } from '../../ports/git-repositories.js';

const OWNER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** Staging folder for repositories being created; owner names cannot start with `.`. */
const STAGING = '.staging';

/** Bare repositories on the local filesystem. */
export class BareGitRepositories implements GitRepositories {
  private readonly root: string;

  /** `dataDir` is the server's data folder; repositories live in its `repos` subfolder. */
  constructor(
    dataDir: string,
    private readonly gitBinary = 'git',
  ) {
    this.root = resolve(dataDir, 'repos');
  }

  pathOf(owner: string, name: string): string {
    if (!OWNER_NAME.test(owner)) throw new Error(`invalid repository owner name: ${JSON.stringify(owner)}`);
    if (!REPO_NAME.test(name) || name === '.' || name === '..') {
      throw new Error(`invalid repository name: ${JSON.stringify(name)}`);
    }
    const path = resolve(this.root, owner, `${name}.git`);
    if (!path.startsWith(this.root + sep)) throw new Error('repository path escapes the repositories root');
    return path;
  }

  async create(owner: string, name: string, defaultBranch: string): Promise<'created' | 'exists'> {
    const target = this.pathOf(owner, name);
    if (await this.exists(owner, name)) return 'exists';
    // Initialise in a staging folder and rename into place, so the final path only ever
    // holds a complete repository.
    const staging = join(this.root, STAGING, `${randomUUID()}.git`);
    await mkdir(join(this.root, STAGING), { recursive: true });
    await mkdir(join(this.root, owner), { recursive: true });
    try {
      await execa(
        this.gitBinary,
        ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, staging],
        {
          env: { GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
        },
      );
      await rename(staging, target);
      return 'created';
    } catch (err) {
      if (isAlreadyThere(err)) return 'exists';
      throw err;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async remove(owner: string, name: string): Promise<void> {
    await rm(this.pathOf(owner, name), { recursive: true, force: true });
  }

  async exists(owner: string, name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(owner, name))).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}

function isAlreadyThere(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ENOTEMPTY';
}
