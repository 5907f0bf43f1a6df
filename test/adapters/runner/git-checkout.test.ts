import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitCheckout } from '../../../src/adapters/git/checkout.js';
import { type GitHttpServer, serveGitRepos } from '../../support/agent/git-http.js';

const TOKEN = 'checkout-token-abc123';
const root = mkdtempSync(join(tmpdir(), 'git-checkout-'));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } })
    .toString()
    .trim();
let server: GitHttpServer;
let first: string;
let second: string;
let workspace: string;
const checkout = new GitCheckout({ path: process.env.PATH ?? '/usr/bin:/bin' });

beforeAll(async () => {
  const src = join(root, 'src');
  mkdirSync(src);
  git(src, 'init', '-q', '-b', 'trunk');
  git(src, 'config', 'user.email', 't@example');
  git(src, 'config', 'user.name', 't');
  writeFileSync(join(src, 'README.md'), 'one\n');
  git(src, 'add', '.');
  git(src, 'commit', '-qm', 'one');
  first = git(src, 'rev-parse', 'HEAD');
  writeFileSync(join(src, 'README.md'), 'two\n');
  git(src, 'commit', '-qam', 'two');
  second = git(src, 'rev-parse', 'HEAD');
  mkdirSync(join(root, 'repos', 'alice'), { recursive: true });
  git(root, 'clone', '-q', '--bare', src, join(root, 'repos', 'alice', 'demo.git'));
  server = await serveGitRepos(join(root, 'repos'), TOKEN);
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  workspace = mkdtempSync(join(root, 'ws-'));
});

async function run(request: Partial<Parameters<GitCheckout['checkout']>[0]> = {}) {
  const output: Buffer[] = [];
  const result = await checkout.checkout(
    {
      workspace,
      url: `${server.url}/alice/demo.git`,
      token: TOKEN,
      sha: second,
      ref: 'refs/heads/trunk',
      fetchDepth: 1,
      ...request,
    },
    (b) => output.push(Buffer.from(b)),
    new AbortController().signal,
  );
  return { result, output: Buffer.concat(output).toString() };
}

describe('git checkout on the host', () => {
  it('fetches the commit with the token from the credential helper and checks it out detached', async () => {
    const { result, output } = await run();
    expect(result).toEqual({ ok: true });
    expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toBe('two\n');
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(second);
    expect(git(workspace, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(server.requests.some((r) => r.user === 'shithub-actions' && r.password === TOKEN)).toBe(true);
    expect(output).not.toContain(TOKEN);
    expect(readFileSync(join(workspace, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
  });

  it('fetches full history with fetch-depth 0, and an older commit by sha', async () => {
    expect((await run({ fetchDepth: 0 })).result).toEqual({ ok: true });
    expect(git(workspace, 'rev-list', '--count', 'HEAD')).toBe('2');
    workspace = mkdtempSync(join(root, 'ws-'));
    expect((await run({ sha: first, fetchDepth: 0 })).result).toEqual({ ok: true });
    expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toBe('one\n');
  });

  it('fails clearly with a wrong token, an unknown commit, or a URL with credentials', async () => {
    expect((await run({ token: 'wrong' })).result).toEqual({
      ok: false,
      message: expect.stringMatching(/git fetch failed/),
    });
    workspace = mkdtempSync(join(root, 'ws-'));
    expect((await run({ sha: 'b'.repeat(40), ref: 'refs/heads/trunk' })).result).toMatchObject({ ok: false });
    expect((await run({ url: `http://user:pw@127.0.0.1/alice/demo.git` })).result).toEqual({
      ok: false,
      message: 'the checkout URL must not carry credentials',
    });
    expect((await run({ sha: 'nothex' })).result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/40 or 64/),
    });
  });

  it('checks out a branch or tag named by `with: ref` into a folder inside the workspace', async () => {
    expect((await run({ sha: '', ref: 'trunk', path: 'sub/dir' })).result).toEqual({ ok: true });
    expect(readFileSync(join(workspace, 'sub', 'dir', 'README.md'), 'utf8')).toBe('two\n');
    workspace = mkdtempSync(join(root, 'ws-'));
    expect((await run({ sha: '', ref: 'no-such-branch' })).result).toMatchObject({ ok: false });
  });

  it('refuses a folder that an earlier step made a link to elsewhere', async () => {
    symlinkSync(root, join(workspace, 'elsewhere'));
    expect((await run({ path: 'elsewhere/x' })).result).toEqual({
      ok: false,
      message: "path 'elsewhere/x' is not a folder inside the workspace",
    });
  });
});
