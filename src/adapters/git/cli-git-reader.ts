/** `GitReader` on the git CLI: for-each-ref, rev-parse, ls-tree, cat-file, diff, show. */

import type { GitFileRead, GitReader, GitRepoRef } from '../../ports/git-reader.js';
import type { GitRepositories } from '../../ports/git-repositories.js';
import type { CommitInfo } from '../../ports/model/trigger.js';
import { isObjectId, runGit, runGitOrThrow } from './git-command.js';

/** A ref or path git must never read as an option, a revision range or a reflog entry. */
function isPlainName(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  return text.length > 0 && !text.startsWith('-') && !/[\s:^~?*[\\\x00-\x1f\x7f]|\.\.|@\{/.test(text);
}

/** Reads repositories addressed through `repos.pathOf`. */
export class CliGitReader implements GitReader {
  constructor(
    private readonly repos: Pick<GitRepositories, 'pathOf'>,
    private readonly gitBinary = 'git',
  ) {}

  async listRefs(repo: GitRepoRef): Promise<Map<string, string>> {
    const out = await runGitOrThrow(this.gitBinary, this.dir(repo), [
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(*objectname)',
      'refs/heads',
      'refs/tags',
    ]);
    const refs = new Map<string, string>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [name = '', object = '', peeled = ''] = line.split('\0');
      refs.set(name, peeled || object);
    }
    return refs;
  }

  async resolveCommit(
    repo: GitRepoRef,
    rev: string,
  ): Promise<{ sha: string; ref: string | null } | undefined> {
    if (isObjectId(rev)) {
      const sha = await this.commitOf(repo, rev);
      return sha ? { sha, ref: null } : undefined;
    }
    if (!isPlainName(rev)) return undefined;
    const candidates = rev.startsWith('refs/') ? [rev] : [`refs/heads/${rev}`, `refs/tags/${rev}`];
    for (const ref of candidates) {
      const sha = await this.commitOf(repo, ref);
      if (sha) return { sha, ref };
    }
    return undefined;
  }

  async listFiles(repo: GitRepoRef, sha: string, dir: string): Promise<string[]> {
    if (!isObjectId(sha) || !isPlainName(dir)) return [];
    const result = await runGit(this.gitBinary, this.dir(repo), ['ls-tree', '-z', sha, '--', `${dir}/`]);
    if (result.exitCode !== 0) return [];
    return result.stdout
      .split('\0')
      .filter(Boolean)
      .map((entry) => {
        const [meta = '', path = ''] = entry.split('\t');
        return { type: meta.split(' ')[1], path };
      })
      .filter((e) => e.type === 'blob')
      .map((e) => e.path)
      .sort();
  }

  async readFile(repo: GitRepoRef, sha: string, path: string, maxBytes: number): Promise<GitFileRead> {
    if (!isObjectId(sha) || path.startsWith('-') || path.includes('\0')) return { kind: 'missing' };
    const object = `${sha}:${path}`;
    const check = await runGit(
      this.gitBinary,
      this.dir(repo),
      ['cat-file', '--batch-check=%(objecttype) %(objectsize)'],
      {
        input: `${object}\n`,
      },
    );
    const [type, bytes] = check.stdout.trim().split(' ');
    if (check.exitCode !== 0 || type !== 'blob') return { kind: 'missing' };
    if (Number(bytes) > maxBytes) return { kind: 'too_large', bytes: Number(bytes) };
    const text = await runGit(this.gitBinary, this.dir(repo), ['cat-file', 'blob', object], {
      stripFinalNewline: false,
    });
    return text.exitCode === 0 ? { kind: 'ok', text: text.stdout } : { kind: 'missing' };
  }

  async changedPaths(
    repo: GitRepoRef,
    range: { from: string; to: string; sinceMergeBase?: boolean },
    limit: number,
  ): Promise<string[] | null> {
    if (!isObjectId(range.from) || !isObjectId(range.to) || /^0+$/.test(range.from)) return null;
    const spec = range.sinceMergeBase ? [`${range.from}...${range.to}`] : [range.from, range.to];
    const result = await runGit(this.gitBinary, this.dir(repo), [
      'diff',
      '--name-only',
      '-z',
      '--no-renames',
      ...spec,
      '--',
    ]);
    if (result.exitCode !== 0) return null;
    const paths = result.stdout.split('\0').filter(Boolean);
    return paths.length > limit ? null : paths;
  }

  async getCommit(repo: GitRepoRef, sha: string): Promise<CommitInfo | undefined> {
    if (!isObjectId(sha)) return undefined;
    const result = await runGit(
      this.gitBinary,
      this.dir(repo),
      ['show', '-s', '--format=%H%x00%an%x00%ae%x00%aI%x00%B', `${sha}^{commit}`, '--'],
      {
        stripFinalNewline: false,
      },
    );
    if (result.exitCode !== 0) return undefined;
    const [id = '', name = '', email = '', date = '', ...message] = result.stdout.split('\0');
    return {
      id,
      author: { name, email },
      timestamp: new Date(date),
      message: message.join('\0').replace(/\n+$/, ''),
    };
  }

  private async commitOf(repo: GitRepoRef, rev: string): Promise<string | undefined> {
    const result = await runGit(this.gitBinary, this.dir(repo), [
      'rev-parse',
      '--verify',
      '--quiet',
      `${rev}^{commit}`,
    ]);
    const sha = result.stdout.trim();
    return result.exitCode === 0 && isObjectId(sha) ? sha : undefined;
  }

  private dir(repo: GitRepoRef): string {
    return this.repos.pathOf(repo.ownerName, repo.name);
  }
}
