/**
 * The real `shithubd serve` (bin/shithubd.js, the compiled dist/) as a child process on a
 * fixed loopback port, so it can be killed with SIGKILL and started again at the same
 * address while runners keep calling it. Its output goes to a file (`log`), and it counts
 * as up once `/readyz` answers 200. An exit nobody asked for counts as a crash and is
 * restarted 2 s later, as systemd would. `PGAPPNAME` names its PostgreSQL connections, so a
 * bench can tell them apart in `pg_stat_activity`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/shithubd.js');

/** A free loopback port (bound and released: good enough on a bench machine). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface ShithubdProcess {
  readonly url: string;
  readonly port: number;
  /** The live process id, or null while down. */
  pid(): number | null;
  /** Starts it (again); resolves once /readyz answers 200. Returns the time that took (ms). */
  start(): Promise<number>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resident set size now (KiB), from /proc; NaN while down. */
  rssKiB(): number;
  /** Everything it printed so far, over all its lives. */
  log(): string;
  /** Exits nobody asked for (each restarted 2 s later, as systemd's `Restart=on-failure` does). */
  crashes(): number;
}

export function shithubdProcess(opts: {
  port: number;
  dataDir: string;
  env: Record<string, string>;
  logFile: string;
  /** Names its PostgreSQL connections (`application_name`). */
  appName?: string;
}): ShithubdProcess {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let crashes = 0;
  let restart: NodeJS.Timeout | null = null;
  const url = `http://127.0.0.1:${opts.port}`;
  // A bench that dies must not leave a server behind.
  process.once('exit', () => child?.kill('SIGKILL'));
  const proc: ShithubdProcess = {
    url,
    port: opts.port,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    async start() {
      stopping = false;
      const t0 = performance.now();
      const fd = openSync(opts.logFile, 'a');
      child = spawn(
        process.execPath,
        [BIN, 'serve', '--listen', `127.0.0.1:${opts.port}`, '--data-dir', opts.dataDir],
        {
          env: { ...process.env, ...opts.env, ...(opts.appName ? { PGAPPNAME: opts.appName } : {}) },
          stdio: ['ignore', fd, fd],
        },
      );
      closeSync(fd);
      const me = child;
      exited = new Promise((r) => me.once('exit', () => r()));
      // ops/systemd/shithubd.service: Restart=on-failure, RestartSec=2s.
      me.once('exit', () => {
        if (stopping || child !== me) return;
        crashes++;
        restart = setTimeout(() => {
          restart = null;
          if (!stopping) void proc.start().catch(() => undefined);
        }, 2000);
      });
      for (;;) {
        if (me.exitCode !== null || me.signalCode !== null) {
          throw new Error(`shithubd exited while starting (see ${opts.logFile})`);
        }
        try {
          const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
          await res.text();
          if (res.status === 200) return performance.now() - t0;
        } catch {
          // not listening yet
        }
        if (performance.now() - t0 > 300_000) {
          me.kill('SIGKILL');
          throw new Error(`shithubd did not become ready in 300 s (pid ${me.pid}, log ${opts.logFile})`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      stopping = true;
      if (restart) clearTimeout(restart);
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      child = null;
    },
    rssKiB() {
      const pid = child?.pid;
      if (!pid || child?.exitCode !== null) return Number.NaN;
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      } catch {
        return Number.NaN;
      }
    },
    crashes: () => crashes,
    log: () => {
      try {
        return readFileSync(opts.logFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
  return proc;
}
