/**
 * The runner host's side of artifacts (SPEC §13): finding a step's files in the job's
 * workspace, packing them into an archive in the job's runner folder, and unpacking a
 * downloaded archive into the workspace. Paths are host paths; `workspace` is the job's
 * workspace and every relative path is inside it. Nothing here follows a symbolic link out of
 * the workspace: the checkout and everything the steps wrote are the workflow's, not the runner's.
 */

export interface FoundFiles {
  /** Regular files (or links to regular files inside the workspace), relative, `/`-separated, sorted. */
  files: string[];
  /** Symbolic links met on the way that lead out of the workspace (relative paths), sorted. */
  escaping: string[];
}

/** One file of an archive: read from `source` (relative to the workspace), stored as `path`. */
export interface PackEntry {
  source: string;
  path: string;
}

export interface ArchiveDigest {
  size: number;
  /** Lower-case hex. */
  sha256: string;
}

export interface ArtifactFiles {
  /** Every file under each of `roots` (relative folders or files; '' is the workspace), each once. */
  findFiles(workspace: string, roots: readonly string[]): Promise<FoundFiles>;

  /**
   * Writes the archive of `entries` (in order) to `archive`, replacing it. Throws invalid
   * `artifact.file_changed` when a file changed size while it was read, and
   * `artifact.path_outside_workspace` when a source now leads out of the workspace.
   */
  pack(workspace: string, entries: readonly PackEntry[], archive: string): Promise<ArchiveDigest>;

  /** `length` bytes of `archive` from `offset` (fewer at its end). */
  readChunk(archive: string, offset: number, length: number): Promise<Uint8Array>;

  /** Writes `body` into `archive` from `offset` (0 starts the file anew); answers the file's size after. */
  writeDownload(archive: string, offset: number, body: AsyncIterable<Uint8Array>): Promise<number>;

  /** The size and SHA-256 of `archive`. */
  digest(archive: string): Promise<ArchiveDigest>;

  /**
   * Unpacks `archive` into `destination` (relative to the workspace; '' is the workspace),
   * creating folders, replacing files; answers how many files and bytes. Throws invalid
   * `artifact.archive_invalid` for a malformed archive and `artifact.path_outside_workspace`
   * when a folder on the way is a link leading out of the workspace.
   */
  unpack(archive: string, workspace: string, destination: string): Promise<{ files: number; bytes: number }>;

  /** Removes the file; a missing one is fine. */
  remove(path: string): Promise<void>;
}
