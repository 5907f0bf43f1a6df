/**
 * `actions/checkout@v4` with the host's git (SPEC §13, facts §8.5). The checkout token
 * reaches git only through its environment, read by a credential helper that is itself
 * configured through the environment (`GIT_CONFIG_COUNT`): it is never in argv, never in
 * a file, and the remote URL written to `.git/config` carries no credentials.
 */
import { lchown, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkout, CheckoutRequest, CheckoutResult } from '../../ports/checkout.js';

export interface GitCheckoutOptions {
  /** PATH for git (the runner's environment is not inherited). */
  path: string;
  /**
   * Hand the checked-out files to this user (a root runner whose steps run as another
   * user): git runs as the runner, then the tree is chowned.
   */
  owner?: { uid: number; gid: number };
  gitBinary?: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const SAFE_REF = /^refs\/(heads|tags)\/[A-Za-z0-9._/-]+$/;
const CREDENTIAL_HELPER =
  '!f() { test "$1" = get || exit 0; echo username=shithub-actions; echo "password=$SHITHUB_CHECKOUT_TOKEN"; }; f';

class GitFailed extends Error {}

export class GitCheckout implements Checkout {
  constructor(private readonly opts: GitCheckoutOptions) {}

  async checkout(
    request: CheckoutRequest,
    onOutput: (bytes: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<CheckoutResult> {
    const problem = validate(request);
    if (problem) return { ok: false, message: problem };
    const into = await folderInside(request.workspace, request.path ?? '', this.opts.owner);
    if (into === null)
      return { ok: false, message: `path '${request.path}' is not a folder inside the workspace` };
    const target = { ...request, workspace: into };
    const git = (args: string[], quiet = false) =>
      this.git(target, args, quiet ? () => undefined : onOutput, signal);
    try {
      await git(['init', '-q']);
      await git(['remote', 'add', 'origin', request.url]);
      const depth = request.fetchDepth > 0 ? [`--depth=${request.fetchDepth}`] : [];
      if (request.sha === '') return await this.checkoutRef(target, git, depth);
      try {
        await git(['fetch', '--no-tags', ...depth, 'origin', request.sha]);
      } catch (err) {
        if (!(err instanceof GitFailed) || !SAFE_REF.test(request.ref) || signal.aborted) throw err;
        onOutput(new TextEncoder().encode(`fetching ${request.ref} instead\n`));
        await git(['fetch', '--no-tags', 'origin', `+${request.ref}:refs/remotes/origin/checkout`]);
      }
      await git(['checkout', '--force', '--detach', request.sha]);
      const head = (await git(['rev-parse', 'HEAD'], true)).trim();
      if (head !== request.sha) return { ok: false, message: `HEAD is ${head}, expected ${request.sha}` };
      if (this.opts.owner) await chownTree(into, this.opts.owner);
      return { ok: true };
    } catch (err) {
      if (err instanceof GitFailed) return { ok: false, message: err.message };
      throw err;
    }
  }

  /** Fetches `ref` (a name: as a branch, else as a tag) and checks out what it points at. */
  private async checkoutRef(
    request: CheckoutRequest,
    git: (args: string[], quiet?: boolean) => Promise<string>,
    depth: string[],
  ): Promise<CheckoutResult> {
    const candidates = request.ref.startsWith('refs/')
      ? [request.ref]
      : [`refs/heads/${request.ref}`, `refs/tags/${request.ref}`];
    for (const [i, ref] of candidates.entries()) {
      if (!SAFE_REF.test(ref))
        return { ok: false, message: `ref '${request.ref}' is not a branch or tag name` };
      try {
        await git(['fetch', '--no-tags', ...depth, 'origin', `+${ref}:refs/remotes/origin/checkout`]);
      } catch (err) {
        if (err instanceof GitFailed && i < candidates.length - 1) continue;
        throw err;
      }
      await git(['checkout', '--force', '--detach', 'refs/remotes/origin/checkout']);
      if (this.opts.owner) await chownTree(request.workspace, this.opts.owner);
      return { ok: true };
    }
    return { ok: false, message: `ref '${request.ref}' was not found` };
  }

  /** Runs one git command in the workspace; resolves with stdout, throws GitFailed on failure. */
  private async git(
    request: CheckoutRequest,
    args: string[],
    onOutput: (bytes: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<string> {
    // execa is loaded with the first checkout, not with the idle runner (SPEC §20: its RSS).
    const { execa } = await import('execa');
    const child = execa(this.opts.gitBinary ?? 'git', args, {
      cwd: request.workspace,
      env: {
        PATH: this.opts.path,
        HOME: request.workspace,
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '/bin/false',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: 'credential.helper',
        GIT_CONFIG_VALUE_0: CREDENTIAL_HELPER,
        // The workspace may already belong to the step user; it is ours to use.
        GIT_CONFIG_KEY_1: 'safe.directory',
        GIT_CONFIG_VALUE_1: '*',
        SHITHUB_CHECKOUT_TOKEN: request.token,
      },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      cancelSignal: signal,
    });
    child.stderr.on('data', (chunk: Buffer) => onOutput(chunk));
    const result = await child;
    if (signal.aborted) throw new GitFailed('git was stopped');
    if (result.exitCode !== 0) {
      throw new GitFailed(`git ${args[0]} failed (exit ${result.exitCode ?? result.signal ?? 'unknown'})`);
    }
    const out = String(result.stdout);
    if (out !== '') onOutput(new TextEncoder().encode(out.endsWith('\n') ? out : `${out}\n`));
    return out;
  }
}

/** `chown -R` without following symlinks (a checkout may contain links pointing anywhere). */
async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await lchown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, owner);
    else await lchown(path, owner.uid, owner.gid);
  }
}

/**
 * `workspace/path`, made when missing; null when a part of it exists as something other than
 * a folder — a link planted by an earlier step must not send git (maybe root) elsewhere.
 */
async function folderInside(
  workspace: string,
  path: string,
  owner: { uid: number; gid: number } | undefined,
): Promise<string | null> {
  let dir = workspace;
  for (const part of path.split('/').filter((p) => p !== '' && p !== '.')) {
    if (part === '..') return null;
    dir = join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info && !info.isDirectory()) return null;
    if (info) continue;
    await mkdir(dir, { mode: 0o700 });
    if (owner) await lchown(dir, owner.uid, owner.gid);
  }
  return dir;
}

/** Why a request cannot be checked out safely, or null. */
function validate(request: CheckoutRequest): string | null {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'the checkout URL is missing or invalid (is server.base_url set on the server?)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the checkout URL must be http(s)';
  if (url.username || url.password) return 'the checkout URL must not carry credentials';
  if (request.sha === '' && request.ref === '') return 'nothing to check out: no commit and no ref';
  if (request.sha !== '' && !SHA.test(request.sha))
    return 'the commit sha must be 40 or 64 lowercase hex characters';
  if (request.token === '') return 'the claim has no checkout token';
  return null;
}
