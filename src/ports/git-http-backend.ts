import type { GitRepoRef } from './git-reader.js';

/** The three smart-HTTP endpoints of a repository. */
export type GitHttpEndpoint = 'info/refs' | 'git-upload-pack' | 'git-receive-pack';

/** One smart-HTTP request, already authorised, for the repository it names. */
export interface GitHttpRequest {
  repo: GitRepoRef;
  endpoint: GitHttpEndpoint;
  method: 'GET' | 'POST';
  /** The raw query string without `?` (`service=git-upload-pack`). */
  query: string;
  contentType: string;
  /** The authenticated name (`REMOTE_USER`); '' for anonymous. Receive-pack needs one. */
  remoteUser: string;
  /** The `Git-Protocol` header (`version=2`), '' when absent. */
  gitProtocol: string;
  /** The request body, already decompressed; null for GET. */
  body: ReadableStream<Uint8Array> | null;
}

export interface GitHttpResponse {
  status: number;
  headers: [string, string][];
  body: ReadableStream<Uint8Array>;
  /** Settles once git exited and the body was read to its end: true when git exited 0. */
  finished: Promise<boolean>;
}

/** Git's smart HTTP protocol (SPEC §5), e.g. `git http-backend` run as a CGI program. */
export interface GitHttpBackend {
  /**
   * Starts serving the request. Resolves once the response head is known; the body streams
   * after. The caller must read `body` to its end (or cancel it) so the process can exit.
   */
  serve(request: GitHttpRequest): Promise<GitHttpResponse>;
}
