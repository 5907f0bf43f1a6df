/**
 * A git client for end-to-end tests: every child gets `GIT_TERMINAL_PROMPT=0`, an identity,
 * no system or global config, and its password through `GIT_ASKPASS` (never in a URL).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface GitClient {
  /** Runs git in `cwd` with `password` answered to git's prompt; resolves with the result, never rejects. */
  run(args: string[], opts?: { cwd?: string; password?: string; timeoutMs?: number }): Promise<GitRun>;
  /** Like `run`, but throws with git's stderr when it fails. */
  ok(args: string[], opts?: { cwd?: string; password?: string }): Promise<string>;
  /** A fresh empty folder for a clone. */
  workdir(name: string): string;
}

export interface GitRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function gitClient(): GitClient {
  const home = mkdtempSync(join(tmpdir(), 'shithub-git-home-'));
  const askpass = join(home, 'askpass.sh');
  // Username prompts get a name, password prompts the password from the environment.
  writeFileSync(
    askpass,
    '#!/bin/sh\ncase "$1" in\n  Username*) echo "x-access-token" ;;\n  *) echo "$SHITHUB_TEST_PASSWORD" ;;\nesac\n',
  );
  chmodSync(askpass, 0o700);
  const run: GitClient['run'] = async (args, opts = {}) => {
    const started = Date.now();
    const result = await execa('git', args, {
      cwd: opts.cwd ?? home,
      reject: false,
      timeout: opts.timeoutMs ?? 60_000,
      env: {
        HOME: home,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: askpass,
        SHITHUB_TEST_PASSWORD: opts.password ?? '',
        GIT_AUTHOR_NAME: 'Ada Tester',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada Tester',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
      },
    });
    return {
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout),
      stderr: String(result.stderr),
      ms: Date.now() - started,
    };
  };
  return {
    run,
    ok: async (args, opts) => {
      const result = await run(args, opts);
      if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout;
    },
    workdir: (name) => mkdtempSync(join(tmpdir(), `shithub-${name}-`)),
  };
}
