/** Real bare repositories in a temp data folder, filled through a working clone. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BareGitRepositories } from '../../../src/adapters/git/bare-repositories.js';
import { gitClient } from '../../support/git-client.js';

export async function gitFixture() {
  const dataDir = mkdtempSync(join(tmpdir(), 'shithub-git-adapter-'));
  const repos = new BareGitRepositories(dataDir);
  const git = gitClient();
  const clones = new Map<string, string>();

  /** A working clone of owner/name (created on first use), pushing over the file path. */
  async function clone(owner: string, name: string): Promise<string> {
    const key = `${owner}/${name}`;
    const existing = clones.get(key);
    if (existing) return existing;
    const work = git.workdir('work');
    await git.ok(['clone', '--quiet', repos.pathOf(owner, name), work]);
    await git.ok(['checkout', '--quiet', '-B', 'trunk'], { cwd: work });
    clones.set(key, work);
    return work;
  }

  return {
    dataDir,
    repos,
    git,
    async create(owner: string, name = 'scratch') {
      await repos.create(owner, name, 'trunk');
      return { ownerName: owner, name };
    },
    /** Writes `files` (null deletes) on `branch`, commits and pushes; returns the commit id. */
    async commit(
      owner: string,
      name: string,
      branch: string,
      files: Record<string, string | null>,
      message = 'change',
    ) {
      const work = await clone(owner, name);
      await git.run(['checkout', '--quiet', branch], { cwd: work });
      await git.ok(['checkout', '--quiet', '-B', branch], { cwd: work });
      for (const [path, text] of Object.entries(files)) {
        if (text === null) await git.ok(['rm', '--quiet', path], { cwd: work });
        else {
          mkdirSync(dirname(join(work, path)), { recursive: true });
          writeFileSync(join(work, path), text);
          await git.ok(['add', path], { cwd: work });
        }
      }
      await git.ok(['commit', '--quiet', '--allow-empty', '-m', message], { cwd: work });
      await git.ok(['push', '--quiet', '--force', 'origin', branch], { cwd: work });
      return (await git.ok(['rev-parse', 'HEAD'], { cwd: work })).trim();
    },
    async tag(owner: string, name: string, tag: string, annotated: boolean) {
      const work = await clone(owner, name);
      await git.ok(annotated ? ['tag', '-a', tag, '-m', `release ${tag}`] : ['tag', tag], { cwd: work });
      await git.ok(['push', '--quiet', 'origin', tag], { cwd: work });
    },
  };
}
