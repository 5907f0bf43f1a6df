/** `actions/checkout` on the runner host (SPEC §13, facts §8.5). */
export interface CheckoutRequest {
  /** Absolute host path of the job workspace. */
  workspace: string;
  /** Check out into this folder inside the workspace (`with: path`, already checked relative); '' or absent: the workspace. */
  path?: string;
  /** `http(s)://host/owner/repo.git`, no credentials. */
  url: string;
  /** The job's checkout token: git gets it from a credential helper, never argv or the log. */
  token: string;
  /** The commit; '' to check out `ref` as it is now (`with: ref` naming a branch or tag). */
  sha: string;
  /**
   * With a sha: the run's `refs/heads/…` or `refs/tags/…`, fetched instead when the server
   * refuses a bare sha. Without: the ref to check out (`refs/…`, or a name tried as a branch, then a tag).
   */
  ref: string;
  /** 0 = full history. */
  fetchDepth: number;
}

export type CheckoutResult = { ok: true } | { ok: false; message: string };

export interface Checkout {
  /**
   * `git init`, fetch `sha` (no tags, `--depth=fetchDepth` unless 0), detached checkout,
   * then verifies `HEAD == sha`. git's output goes to `onOutput`. An aborted `signal` kills
   * git and answers a failure. Throws only when git cannot be started at all.
   */
  checkout(
    request: CheckoutRequest,
    onOutput: (bytes: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<CheckoutResult>;
}
