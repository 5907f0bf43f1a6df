/**
 * Gate for the ops checks that run an external tool (systemd-analyze, promtool,
 * ansible-playbook, podman): `.ci/run` installs each from Debian, so in CI none skips; on a
 * machine without one its suite skips visibly, naming the package.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe } from 'vitest';

export const OPS = resolve(import.meta.dirname, '../../ops');

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

/** `describe`, or `describe.skip` with a title saying which Debian package to install. */
export function describeWithTool(tool: string, debianPackage: string) {
  const present = hasTool(tool);
  const note = present ? '' : ` [skipped: ${tool} missing; apt-get install ${debianPackage}]`;
  return (title: string, body: () => void) => (present ? describe : describe.skip)(`${title}${note}`, body);
}

/** Runs a tool and returns its exit status and combined output. */
export function runTool(
  tool: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
) {
  const env = options.env ? { ...process.env, ...options.env } : process.env;
  const result = spawnSync(tool, args, { encoding: 'utf8', cwd: options.cwd, env, timeout: 240_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}
