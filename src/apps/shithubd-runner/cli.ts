/** `shithubd-runner run|egress-dns|version` (SPEC §2.2), on the shared cac dispatcher. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CliContext, CliIo, CommandDef, OptionDef } from '../shithubd/cli/command.js';
import { stringFlag } from '../shithubd/cli/command.js';
import { dispatch } from '../shithubd/cli/dispatch.js';
import { exitCodeFor, messageFor } from '../shithubd/cli/exit-codes.js';
import { loadRunnerConfig, RUNNER_FLAGS } from './config.js';
import { egressDnsCommand } from './egress-dns-command.js';

export function runnerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

const CONFIG_OPTION: OptionDef = {
  flags: '--config <file>',
  description: 'TOML configuration file (else SHITHUB_RUNNER_CONFIG, /etc/shithubd-runner/config.toml)',
};

/** Hooks the signal handling of `run` uses; a test can drive them without real signals. */
export interface RunnerProcess {
  onSignal(handler: (signal: string) => void): () => void;
}

export function runnerCommands(proc: RunnerProcess): CommandDef[] {
  const run: CommandDef = {
    path: ['run'],
    summary: 'run the runner daemon: claim jobs, run their steps, report results',
    options: Object.values(RUNNER_FLAGS).map((f) => ({ flags: f.flag, description: f.description })),
    run: async (ctx, flags) => {
      const config = loadRunnerConfig({
        configFlag: stringFlag(flags, 'config', '--config'),
        flags,
        env: ctx.env,
        cwd: ctx.cwd,
        ownUser: () => `${process.geteuid?.() ?? 0}:${process.getegid?.() ?? 0}`,
      });
      // Loaded for `run` only: `version` and `--help` answer without the daemon's modules.
      const [{ startRunnerDaemon }, { createRunnerLog }] = await Promise.all([
        import('./daemon.js'),
        import('./pino-log.js'),
      ]);
      const log = createRunnerLog(config.log);
      const daemon = await startRunnerDaemon(config, {
        log,
        version: runnerVersion(),
        hostName: hostname(),
        env: ctx.env,
      });
      let received = 0;
      const off = proc.onSignal((signal) => {
        received += 1;
        if (received === 1) {
          log.info('stopping: no new jobs; running jobs finish (signal again to cancel them)', { signal });
          daemon.stopClaiming();
        } else if (received === 2) {
          log.warn('cancelling running jobs', { signal });
          daemon.shutdown();
        } else {
          log.error('giving up on the server: exiting without reporting', { signal });
          daemon.abandon();
        }
      });
      try {
        await daemon.done;
      } finally {
        off();
      }
      return 0;
    },
  };
  const version: CommandDef = {
    path: ['version'],
    summary: 'print the version',
    options: [],
    run: async (ctx) => {
      ctx.stdout(`shithubd-runner ${runnerVersion()}\n`);
      return 0;
    },
  };
  return [run, egressDnsCommand(proc), version];
}

/** Runs one invocation; returns the exit code (0 ok, 1 runtime failure, 2 usage/config). */
export async function runRunnerCli(argv: string[], io: CliIo, proc: RunnerProcess): Promise<number> {
  const ctx: CliContext = {
    ...io,
    openAdmin: async () => {
      throw new Error('shithubd-runner has no admin commands');
    },
  };
  try {
    return await dispatch('shithubd-runner', runnerCommands(proc), argv, ctx, [CONFIG_OPTION]);
  } catch (err) {
    io.stderr(`error: ${messageFor(err)}\n`);
    return exitCodeFor(err);
  }
}
