/**
 * A forge and runners for the runner's end-to-end suites: `startServer` on PGlite with a
 * root key, users/repos/runner from the admin CLI, real git pushes over smart HTTP, and an
 * in-process `shithubd-runner` whose outgoing requests are recorded.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { type HttpTransport, nodeHttpTransport } from '../../../src/adapters/http/node-http-transport.js';
import { loadServerConfig } from '../../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../../src/apps/shithubd/serve.js';
import { loadRunnerConfig } from '../../../src/apps/shithubd-runner/config.js';
import { type RunnerDaemon, startRunnerDaemon } from '../../../src/apps/shithubd-runner/daemon.js';
import { cliRunner, jsonOf } from '../cli.js';
import { gitClient } from '../git-client.js';
import { seedEmbeddedDatabase } from '../pglite-snapshot.js';
import { RecordingLog } from './fake-host.js';

export const LABELS = 'self-hosted,linux,ubuntu-latest,x64';
const SHITHUBD = resolve(import.meta.dirname, '../../../bin/shithubd.js');
type Json = Record<string, unknown>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A sent log chunk, as the server received it. */
export interface SentChunk {
  jobId: number;
  stepId: number;
  seq: number;
  text: string;
}

export interface ForgeSetup {
  repos: { name: string; private?: boolean }[];
  runners: string[];
  secrets?: { repo: string; name: string; value: string }[];
  /** More users (ada always exists): a web UI password, site admin, and a PAT when asked. */
  users?: { name: string; password?: string; admin?: boolean; pat?: boolean }[];
  /** Roles on ada's repositories. */
  collaborators?: { repo: string; user: string; role: 'read' | 'write' | 'admin' }[];
  /** A web UI password for ada. */
  adaPassword?: string;
  /** More server environment (`SHITHUB_STORAGE__KIND=s3`, …). */
  env?: Record<string, string>;
  /** Where the server writes its log lines (JSON at `info`); standard output by default. */
  serverLog?: NodeJS.WritableStream;
}

/**
 * Creates user ada, her repos, secrets and runners with the in-process CLI, then starts the
 * server. (The in-process CLI must not run while the in-process server holds the embedded
 * database: it would take its own pid's lock over; use `adminCli` then.)
 */
export async function startForge(setup: ForgeSetup) {
  const dir = mkdtempSync(join(tmpdir(), 'shr-e2e-'));
  const env = { SHITHUB_TOTP_KEY: randomBytes(32).toString('base64'), ...setup.env };
  const cli = cliRunner(dir, env);
  const git = gitClient();
  await seedEmbeddedDatabase(dir);
  const createUser = async (name: string, password?: string, admin?: boolean) => {
    const flags = [...(password ? ['--password-stdin'] : []), ...(admin ? ['--admin'] : [])];
    jsonOf(
      await cli(['admin', 'user', 'create', '--name', name, ...flags, '--output', 'json'], password ?? ''),
    );
  };
  const tokenOf = async (user: string) =>
    jsonOf<{ token: string }>(
      await cli(['admin', 'token', 'create', '--user', user, '--scopes', 'repo:write', '--output', 'json']),
    ).token;
  await createUser('ada', setup.adaPassword);
  const pat = await tokenOf('ada');
  const pats: Record<string, string> = { ada: pat };
  for (const user of setup.users ?? []) {
    await createUser(user.name, user.password, user.admin);
    if (user.pat) pats[user.name] = await tokenOf(user.name);
  }
  for (const repo of setup.repos) {
    const flags = repo.private ? ['--private'] : [];
    jsonOf(
      await cli([
        'admin',
        'repo',
        'create',
        '--owner',
        'ada',
        '--name',
        repo.name,
        ...flags,
        '--output',
        'json',
      ]),
    );
  }
  for (const secret of setup.secrets ?? []) {
    const done = await cli(
      ['admin', 'secret', 'set', '--repo', `ada/${secret.repo}`, '--name', secret.name],
      secret.value,
    );
    if (done.code !== 0) throw new Error(done.stderr);
  }
  for (const c of setup.collaborators ?? []) {
    const args = ['--repo', `ada/${c.repo}`, '--user', c.user, '--role', c.role, '--output', 'json'];
    jsonOf(await cli(['admin', 'repo', 'collaborator', 'add', ...args]));
  }
  const runners: Record<string, { id: number; token: string }> = {};
  for (const name of setup.runners) {
    runners[name] = jsonOf(
      await cli(['admin', 'runner', 'register', '--name', name, '--labels', LABELS, '--output', 'json']),
    );
  }
  const port = await freePort();
  const config = loadServerConfig({ env, cwd: dir, dataDirFlag: dir, listenFlag: `127.0.0.1:${port}` });
  const server: RunningServer = await startServer(config, { logDestination: setup.serverLog });
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${pat}`, 'content-type': 'application/json' },
    });
    return { status: res.status, text: await res.text() };
  };
  const json = async (path: string) => JSON.parse((await api(path)).text) as Json;

  return {
    dir,
    server,
    pat,
    pats,
    git,
    api,
    json,
    runners,
    /** `shithubd admin …` as a separate process (it reaches the running server over its socket). */
    async adminCli(args: string[]): Promise<string> {
      const result = await execa(process.execPath, [SHITHUBD, ...args, '--data-dir', dir], {
        env: { ...process.env, ...env },
        reject: false,
      });
      if (result.exitCode !== 0) throw new Error(`shithubd ${args.join(' ')}: ${result.stderr}`);
      return result.stdout;
    },
    /** Commits `files` on trunk of ada/<repo> and pushes; returns the commit sha. */
    async push(repo: string, files: Record<string, string>): Promise<string> {
      const work = git.workdir(`${repo}-${randomBytes(4).toString('hex')}`);
      await git.ok(['clone', '--quiet', `${server.url}/ada/${repo}.git`, work], { password: pat });
      await git.run(['checkout', '--quiet', '-B', 'trunk'], { cwd: work });
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), text);
      }
      await git.ok(['add', '.'], { cwd: work });
      await git.ok(['commit', '--quiet', '-m', 'change'], { cwd: work });
      await git.ok(['push', '--quiet', 'origin', 'trunk'], { cwd: work, password: pat });
      return (await git.ok(['rev-parse', 'HEAD'], { cwd: work })).trim();
    },
    /** The jobs (with steps) of the newest run of a repo. */
    async latestJobs(repo: string): Promise<Json[]> {
      const runs = (await json(`/api/v1/repos/ada/${repo}/actions/runs`)).workflow_runs as Json[];
      const run = runs[0];
      if (!run) return [];
      return (await json(`/api/v1/repos/ada/${repo}/actions/runs/${run.id}/jobs`)).jobs as Json[];
    },
    async jobLog(repo: string, jobId: number): Promise<string> {
      return (await api(`/api/v1/repos/ada/${repo}/actions/jobs/${jobId}/logs`)).text;
    },
    async metric(name: string): Promise<number> {
      const text = (await api('/metrics')).text;
      return text
        .split('\n')
        .filter((line) => line.startsWith(`shithub_actions_${name}`))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    },
    close: () => server.close(),
  };
}

export type Forge = Awaited<ReturnType<typeof startForge>>;

/**
 * Starts an in-process runner; `flags` as on the command line (camel-cased). `minuteMs`
 * shortens a `timeout-minutes` minute (see `DaemonOptions.minuteMs`).
 */
export async function startRunner(
  forge: Forge,
  token: string,
  flags: Record<string, unknown> = {},
  minuteMs?: number,
) {
  const sent: SentChunk[] = [];
  const log = new RecordingLog();
  const config = loadRunnerConfig({
    flags: {
      serverUrl: forge.server.url,
      token,
      workspaceRoot: join(forge.dir, `ws-${randomBytes(3).toString('hex')}`),
      ...(flags.workspaceRoot ? { workspaceRoot: flags.workspaceRoot } : {}),
      engine: 'host',
      longPoll: '5s',
      ...flags,
    },
    env: {},
    cwd: forge.dir,
    ownUser: () => `${process.geteuid?.() ?? 0}:${process.getegid?.() ?? 0}`,
  });
  const http = nodeHttpTransport();
  const recording: HttpTransport = async (request) => {
    const match = /\/api\/v1\/jobs\/(\d+)\/logs$/.exec(request.url);
    if (match && typeof request.body !== 'string') {
      // The binary form: seq and step in headers, the bytes as the body.
      sent.push({
        jobId: Number(match[1]),
        stepId: Number(request.headers['x-shithub-log-step-id']),
        seq: Number(request.headers['x-shithub-log-seq']),
        text: Buffer.from(request.body).toString(),
      });
    } else if (match && typeof request.body === 'string') {
      const body = JSON.parse(request.body) as { seq: number; chunk: string; step_id: number };
      sent.push({
        jobId: Number(match[1]),
        stepId: body.step_id,
        seq: body.seq,
        text: Buffer.from(body.chunk, 'base64').toString(),
      });
    }
    return http(request);
  };
  const daemon: RunnerDaemon = await startRunnerDaemon(config, {
    log,
    version: 'e2e',
    hostName: 'e2e-host',
    env: process.env,
    transport: recording,
    minuteMs,
  });
  return {
    daemon,
    sent,
    log,
    config,
    async stop() {
      daemon.stopClaiming();
      daemon.shutdown();
      await daemon.done;
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
