/**
 * The real `shithubd-runner run` (bin/shithubd-runner.js, the compiled dist/) as a child
 * process on the host engine, so a bench can SIGKILL it and start it again with the same
 * token and workspace root, as systemd would. Output is appended to `logFile`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/shithubd-runner.js');

export interface RunnerProcess {
  /** The live process id, or null while down. */
  pid(): number | null;
  start(): void;
  /** SIGKILL now (returns at once; the exit follows). */
  kill(): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

export function runnerProcess(opts: {
  serverUrl: string;
  token: string;
  workspaceRoot: string;
  logFile: string;
  /** Where the process runs (not inside the workspace root: processes there are the steps'). */
  cwd: string;
  extraArgs?: string[];
}): RunnerProcess {
  let child: ChildProcess | null = null;
  const alive = () => child !== null && child.exitCode === null && child.signalCode === null;
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    pid: () => (alive() ? (child?.pid ?? null) : null),
    start() {
      const fd = openSync(opts.logFile, 'a');
      child = spawn(
        process.execPath,
        [
          BIN,
          'run',
          '--server-url',
          opts.serverUrl,
          '--token',
          opts.token,
          '--engine',
          'host',
          '--workspace-root',
          opts.workspaceRoot,
          '--labels',
          'ubuntu-latest',
          ...(opts.extraArgs ?? []),
        ],
        {
          cwd: opts.cwd,
          stdio: ['ignore', fd, fd],
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
        },
      );
      closeSync(fd);
    },
    kill() {
      if (alive()) child?.kill('SIGKILL');
    },
    async stop(graceMs = 15_000) {
      if (!alive() || !child) return;
      const me = child;
      const exited = new Promise((r) => me.once('exit', r));
      me.kill('SIGTERM');
      const timer = setTimeout(() => me.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
