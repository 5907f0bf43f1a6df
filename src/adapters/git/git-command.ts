/**
 * Running the git CLI for one repository: argv only (never a shell), no system config, no
 * prompts, and no GIT_* variables inherited from the server's environment that could point
 * git somewhere else.
 */
import { execa } from 'execa';

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Variables git would honour from the parent environment; always cleared. */
const CLEARED = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_GLOBAL',
];

/** The environment every git child gets on top of the inherited one. */
export function gitEnvironment(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = Object.fromEntries(
    CLEARED.map((name) => [name, undefined]),
  );
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** Runs `git <args>` in `gitDir` (a bare repository) and returns its output; never rejects on exit codes. */
export async function runGit(
  gitBinary: string,
  gitDir: string,
  args: readonly string[],
  opts: { stripFinalNewline?: boolean; input?: string } = {},
): Promise<GitResult> {
  const result = await execa(gitBinary, ['--git-dir', gitDir, ...args], {
    env: gitEnvironment(),
    reject: false,
    stripFinalNewline: opts.stripFinalNewline ?? true,
    maxBuffer: 256 * 1024 * 1024,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Like `runGit`, but throws with git's message when it fails. */
export async function runGitOrThrow(
  gitBinary: string,
  gitDir: string,
  args: readonly string[],
): Promise<string> {
  const result = await runGit(gitBinary, gitDir, args);
  if (result.exitCode !== 0) {
    throw new Error(
      `git ${commandName(args)} failed (${result.exitCode}): ${result.stderr.trim().slice(0, 500)}`,
    );
  }
  return result.stdout;
}

/** The git subcommand of an argument list (`-c key=value` pairs skipped). */
function commandName(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') i++;
    else if (!args[i]?.startsWith('-')) return args[i] ?? '';
  }
  return '';
}

/** True for a full 40-hex (SHA-1) or 64-hex (SHA-256) object id. */
export function isObjectId(text: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(text);
}
