/**
 * Git repositories in memory for trigger tests: commits with whole file trees, branches and
 * tags per repository, and the copy operations of forks and pull requests. It keeps the
 * rules of the ports (unknown commits are answers, copying needs the commit in the source).
 */
import { createHash } from 'node:crypto';
import type { GitFileRead, GitReader, GitRepoRef } from '../../src/ports/git-reader.js';
import type { GitTransfer } from '../../src/ports/git-transfer.js';
import type { CommitInfo } from '../../src/ports/model/trigger.js';

interface FakeCommit {
  info: CommitInfo;
  parent: string | null;
  files: Map<string, string>;
}

interface FakeRepo {
  refs: Map<string, string>;
  known: Set<string>;
}

const key = (repo: GitRepoRef) => `${repo.ownerName}/${repo.name}`.toLowerCase();

export class FakeGit implements GitReader, GitTransfer {
  private readonly commits = new Map<string, FakeCommit>();
  private readonly repos = new Map<string, FakeRepo>();
  private counter = 0;
  /** Set to make the next `copyCommit` throw (a failing git). */
  failNextCopy = false;

  /** Commits `changes` (path → text, null deletes) on top of `branch` and moves it; returns the sha. */
  commit(
    repo: GitRepoRef,
    branch: string,
    changes: Record<string, string | null>,
    message = 'change',
  ): string {
    const r = this.repo(repo);
    const parent = r.refs.get(`refs/heads/${branch}`) ?? null;
    const files = new Map(parent ? this.commits.get(parent)?.files : []);
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) files.delete(path);
      else files.set(path, text);
    }
    const sha = createHash('sha1')
      .update(`commit ${++this.counter}`)
      .digest('hex');
    const info = {
      id: sha,
      message,
      author: { name: 'Ada', email: 'ada@example.com' },
      timestamp: new Date('2026-01-01T00:00:00Z'),
    };
    this.commits.set(sha, { info, parent, files });
    r.known.add(sha);
    r.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  /** Points a ref at a commit (a tag, or a force-push). */
  setRef(repo: GitRepoRef, ref: string, sha: string): void {
    this.repo(repo).refs.set(ref, sha);
  }

  deleteRef(repo: GitRepoRef, ref: string): void {
    this.repo(repo).refs.delete(ref);
  }

  async listRefs(repo: GitRepoRef): Promise<Map<string, string>> {
    return new Map([...this.repo(repo).refs].filter(([ref]) => /^refs\/(heads|tags)\//.test(ref)));
  }

  async resolveCommit(
    repo: GitRepoRef,
    rev: string,
  ): Promise<{ sha: string; ref: string | null } | undefined> {
    const r = this.repo(repo);
    if (/^[0-9a-f]{40}$/.test(rev)) return r.known.has(rev) ? { sha: rev, ref: null } : undefined;
    const candidates = rev.startsWith('refs/') ? [rev] : [`refs/heads/${rev}`, `refs/tags/${rev}`];
    for (const ref of candidates) {
      const sha = r.refs.get(ref);
      if (sha) return { sha, ref };
    }
    return undefined;
  }

  async listFiles(repo: GitRepoRef, sha: string, dir: string): Promise<string[]> {
    const files = this.visible(repo, sha)?.files ?? new Map();
    return [...files.keys()]
      .filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'))
      .sort();
  }

  async readFile(repo: GitRepoRef, sha: string, path: string, maxBytes: number): Promise<GitFileRead> {
    const text = this.visible(repo, sha)?.files.get(path);
    if (text === undefined) return { kind: 'missing' };
    const bytes = Buffer.byteLength(text);
    return bytes > maxBytes ? { kind: 'too_large', bytes } : { kind: 'ok', text };
  }

  async changedPaths(
    repo: GitRepoRef,
    range: { from: string; to: string; sinceMergeBase?: boolean },
    limit: number,
  ): Promise<string[] | null> {
    let from = this.visible(repo, range.from);
    const to = this.visible(repo, range.to);
    if (!from || !to) return null;
    if (range.sinceMergeBase) {
      const ancestors = new Set(this.ancestry(range.from));
      const base = this.ancestry(range.to).find((sha) => ancestors.has(sha));
      from = base ? this.commits.get(base) : undefined;
      if (!from) return null;
    }
    const paths = new Set([...from.files.keys(), ...to.files.keys()]);
    const changed = [...paths].filter((p) => from?.files.get(p) !== to.files.get(p)).sort();
    return changed.length > limit ? null : changed;
  }

  async getCommit(repo: GitRepoRef, sha: string): Promise<CommitInfo | undefined> {
    return this.visible(repo, sha)?.info;
  }

  async cloneRepository(from: GitRepoRef, to: GitRepoRef): Promise<'created' | 'exists'> {
    if (this.repos.has(key(to))) return 'exists';
    const source = this.repo(from);
    this.repos.set(key(to), { refs: new Map(source.refs), known: new Set(source.known) });
    return 'created';
  }

  async copyCommit(from: GitRepoRef, to: GitRepoRef, sha: string, ref: string): Promise<void> {
    if (this.failNextCopy) {
      this.failNextCopy = false;
      throw new Error('git fetch failed');
    }
    if (!this.repo(from).known.has(sha)) throw new Error(`commit ${sha} is not in the source`);
    const target = this.repo(to);
    for (const ancestor of this.ancestry(sha)) target.known.add(ancestor);
    target.refs.set(ref, sha);
  }

  /** The refs of a repository, every kind (`refs/pull/…` too). */
  refsOf(repo: GitRepoRef): Map<string, string> {
    return new Map(this.repo(repo).refs);
  }

  private ancestry(sha: string): string[] {
    const out: string[] = [];
    for (let at: string | null = sha; at; at = this.commits.get(at)?.parent ?? null) out.push(at);
    return out;
  }

  private visible(repo: GitRepoRef, sha: string): FakeCommit | undefined {
    return this.repo(repo).known.has(sha) ? this.commits.get(sha) : undefined;
  }

  private repo(repo: GitRepoRef): FakeRepo {
    let r = this.repos.get(key(repo));
    if (!r) {
      r = { refs: new Map(), known: new Set() };
      this.repos.set(key(repo), r);
    }
    return r;
  }
}
