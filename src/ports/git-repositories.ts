/** Bare git repositories on disk, addressed by owner and repository name. */
export interface GitRepositories {
  /**
   * Creates an empty bare repository whose HEAD names `defaultBranch`. Never touches an
   * existing repository: answers `'exists'` instead. The repository appears atomically
   * (a crash leaves no half-initialised repository at the final path).
   */
  create(owner: string, name: string, defaultBranch: string): Promise<'created' | 'exists'>;
  /** Deletes the repository and everything in it. Idempotent. */
  remove(owner: string, name: string): Promise<void>;
  /** True when a repository exists at the path for owner/name. */
  exists(owner: string, name: string): Promise<boolean>;
  /** The absolute path of the repository for owner/name (whether or not it exists). */
  pathOf(owner: string, name: string): string;
}
