/** Runs `shithubd` in-process against a data folder and captures what it prints. */
import { runCli } from '../../src/apps/shithubd/cli/run-cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cliRunner(dataDir: string, env: Record<string, string | undefined> = {}) {
  return async (argv: string[], stdin = ''): Promise<CliResult> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...argv, '--data-dir', dataDir], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => stdin,
      env,
      cwd: dataDir,
    });
    return { code, stdout, stderr };
  };
}

/** Parses the JSON a successful `--output json` command printed. */
export function jsonOf<T = unknown>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`command failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
