/**
 * The runner's files shared with a job's steps (SPEC §13, GitHub's file commands): the
 * per-step `$GITHUB_OUTPUT`, `$GITHUB_ENV`, … files in the job's temp folder, scripts for
 * custom shells, and `hashFiles()` over the workspace. Paths are absolute host paths.
 */
export interface FileRead {
  /** The content as UTF-8 (empty when `overLimit`). */
  text: string;
  /** The file's size in bytes. */
  bytes: number;
  /** True when the file is larger than the limit asked for: its text was not read. */
  overLimit: boolean;
}

export interface StepFiles {
  /** Creates each file empty (replacing any), parent folders too, writable by the step user. */
  createFiles(paths: readonly string[]): Promise<void>;
  /** Writes a file (a custom shell's script), readable by the step user. */
  writeFile(path: string, text: string): Promise<void>;
  /** Reads a file up to `maxBytes`; null when it does not exist (or is not a regular file). */
  readFile(path: string, maxBytes: number): Promise<FileRead | null>;
  /**
   * Reads `path` (relative) inside the job's `workspace`, up to `maxBytes`: a local action's
   * `action.yml`. Null when it does not exist, is not a regular file, or is reached through a
   * symbolic link leading out of the workspace (the checkout is the user's, not the runner's).
   */
  readWorkspaceFile(workspace: string, path: string, maxBytes: number): Promise<FileRead | null>;
  /**
   * GitHub's `hashFiles()`: the SHA-256 (hex) of the SHA-256 of each regular file under
   * `workspace` matching `patterns` (globs relative to it, `!` excludes: see
   * `relativeFilePatterns`), in sorted path order; '' when none matches. Symbolic links are
   * not followed. Synchronous because expressions are evaluated synchronously.
   */
  hashFiles(workspace: string, patterns: readonly string[]): string;
}
