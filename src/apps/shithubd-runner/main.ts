/** `shithubd-runner` entry point: argv, real signals, one-line errors, exit code. */
import { runRunnerCli } from './cli.js';

const code = await runRunnerCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => '',
    env: process.env,
    cwd: process.cwd(),
  },
  {
    onSignal(handler) {
      const listener = (signal: NodeJS.Signals) => handler(signal);
      process.on('SIGTERM', listener);
      process.on('SIGINT', listener);
      return () => {
        process.off('SIGTERM', listener);
        process.off('SIGINT', listener);
      };
    },
  },
);
process.exitCode = code;
