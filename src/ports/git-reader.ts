import type { CommitInfo } from './model/trigger.js';

/** A repository as git addresses it on disk. */
export interface GitRepoRef {
  ownerName: string;
  name: string;
}

/** The outcome of reading one file at a commit. */
export type GitFileRead =
  | { kind: 'ok'; text: string }
  | { kind: 'too_large'; bytes: number }
  | { kind: 'missing' };

/**
 * Read-only questions about a bare repository. Every method is a plain read (safe to call
 * concurrently with pushes); an unknown commit or path is an answer, not an exception.
 */
export interface GitReader {
  /** Every branch and tag (`refs/heads/*`, `refs/tags/*`) → the commit it names (tags peeled). */
  listRefs(repo: GitRepoRef): Promise<Map<string, string>>;

  /**
   * Resolves a branch name, a full ref (`refs/heads/x`, `refs/tags/v1`), a tag name or a
   * full 40-hex commit id to a commit. `ref` is the full ref name when `rev` named one
   * (branches win over tags), null for a bare commit id. Undefined when nothing matches.
   */
  resolveCommit(repo: GitRepoRef, rev: string): Promise<{ sha: string; ref: string | null } | undefined>;

  /** Paths of the files directly inside `dir` at `sha` (no recursion), sorted; [] when absent. */
  listFiles(repo: GitRepoRef, sha: string, dir: string): Promise<string[]>;

  /** The file's text at `sha`; `too_large` past `maxBytes` (nothing read), `missing` otherwise. */
  readFile(repo: GitRepoRef, sha: string, path: string, maxBytes: number): Promise<GitFileRead>;

  /**
   * Paths changed from `from` to `to` (with `sinceMergeBase`, from their merge base, as a pull
   * request shows it). Null when `from` is unknown or all zeros, or more than `limit` changed.
   */
  changedPaths(
    repo: GitRepoRef,
    range: { from: string; to: string; sinceMergeBase?: boolean },
    limit: number,
  ): Promise<string[] | null>;

  /** The commit's id, message, author and author time; undefined for an unknown commit. */
  getCommit(repo: GitRepoRef, sha: string): Promise<CommitInfo | undefined>;
}
