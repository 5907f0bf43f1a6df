/**
 * `shithubd dev` (SPEC §2.1): the embedded quick start. `serve` plus an in-process runner on
 * the same data folder; on the first start an admin user with a generated web UI password
 * and a PAT (both printed once), a demo repository with the runbook's smoke workflow pushed
 * to `trunk` over HTTP, and a runner registration kept in `<data_dir>/dev-runner.json`
 * (0600) for later starts. Steps run in Docker/Podman when one answers — in `ubuntu:24.04`
 * (to match `runs-on: ubuntu-latest`; `--image` or SHITHUB_DEV_IMAGE choose another), pulled
 * first with its progress shown — else, or when the pull fails, on the host engine with a
 * loud warning.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import type { RunnerLog } from '../../ports/runner-log.js';
import { DEFAULT_CONFIG_FILE, loadRunnerConfig, type RunnerConfig } from '../shithubd-runner/config.js';
import { startRunnerDaemon } from '../shithubd-runner/daemon.js';
import { createRunnerLog } from '../shithubd-runner/pino-log.js';
import { openAdminApi } from './admin/open-admin-api.js';
import type { ServerConfig } from './config.js';
import { chooseEngine, DEV_IMAGE } from './dev-engine.js';
import { startServer } from './serve.js';

const SMOKE = `name: Smoke
on:
  push:
    branches: [trunk]
jobs:
  green:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Verify checkout
        run: test -f README.md || test -f readme.md || pwd
      - name: Smoke
        run: printf 'shithub actions smoke passed\\n'
`;
const SECCOMP = resolve(import.meta.dirname, '../../../ops/seccomp.json');

interface DevState {
  runner_token: string;
}

export interface DevIo {
  stdout: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Resolves when the developer asks to stop (Ctrl-C). */
  stopped: Promise<void>;
  /** Where the runner logs (tests silence it). */
  runnerLog?: RunnerLog;
  /** The step image (`--image`); else SHITHUB_DEV_IMAGE, else `ubuntu:24.04`. */
  image?: string;
}

interface Demo {
  pat: string;
  password: string;
}

/** Runs the quick start until `io.stopped` resolves. */
export async function runDev(config: ServerConfig, io: DevIo): Promise<void> {
  const statePath = join(config.dataDir, 'dev-runner.json');
  const firstStart = !existsSync(statePath);
  const created = firstStart ? await createDemo(config, statePath) : null;
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as DevState;
  const server = await startServer(config);
  try {
    if (created) await pushDemo(server.url, created.pat);
    const image = io.image ?? io.env.SHITHUB_DEV_IMAGE ?? DEV_IMAGE;
    const { engine, pullFailed } = await chooseEngine({ env: io.env, stdout: io.stdout, image });
    const runnerConfig = loadRunnerConfig({
      flags: {
        serverUrl: server.url,
        token: state.runner_token,
        workspaceRoot: join(config.dataDir, 'runner', 'workspaces'),
        engine,
        ...(engine === 'host' ? {} : { network: 'bridge', image, pull: 'missing' }),
        seccompProfile: SECCOMP,
        longPoll: '30s',
      },
      env: {},
      cwd: config.dataDir,
      fileExists: (path) => path !== DEFAULT_CONFIG_FILE && existsSync(path),
      ownUser: () => `${process.geteuid?.() ?? 0}:${process.getegid?.() ?? 0}`,
    });
    const log = io.runnerLog ?? createRunnerLog({ level: 'info', format: 'pretty' });
    const runner = await startRunnerDaemon(runnerConfig, {
      log,
      version: 'dev',
      hostName: hostname(),
      env: io.env,
    });
    io.stdout(summary(server.url, runnerConfig.engine, created, pullFailed));
    await io.stopped;
    runner.stopClaiming();
    runner.shutdown();
    await runner.done;
  } finally {
    await server.close();
  }
}

/** First start: admin user (with a web UI password) + PAT, the demo repository and the dev runner. */
async function createDemo(config: ServerConfig, statePath: string): Promise<Demo> {
  const api = await openAdminApi(config);
  const password = randomBytes(12).toString('base64url');
  try {
    await api.call('user.create', { name: 'admin', admin: true, password });
    const token = await api.call('token.create', {
      user: 'admin',
      scopes: 'repo:read,repo:write,admin',
      name: 'dev',
    });
    await api.call('repo.create', { owner: 'admin', name: 'demo' });
    const runner = await api.call('runner.register', { name: 'dev-runner' });
    writeFileSync(statePath, `${JSON.stringify({ runner_token: runner.token })}\n`, { mode: 0o600 });
    return { pat: token.token, password };
  } finally {
    await api.close();
  }
}

/** Commits README.md and the smoke workflow on trunk and pushes them over HTTP with the PAT. */
async function pushDemo(url: string, pat: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'shithub-demo-'));
  const basic = Buffer.from(`admin:${pat}`).toString('base64');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'shithub dev',
    GIT_AUTHOR_EMAIL: 'dev@shithub.invalid',
    GIT_COMMITTER_NAME: 'shithub dev',
    GIT_COMMITTER_EMAIL: 'dev@shithub.invalid',
    // The PAT travels in an environment-configured header: not in argv, not in .git/config.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
  const git = (args: string[]) => execa('git', args, { cwd: work, env, extendEnv: false });
  try {
    writeFileSync(join(work, 'README.md'), '# demo\n\nThe shithub dev demo repository.\n');
    mkdirSync(join(work, '.shithub', 'workflows'), { recursive: true });
    writeFileSync(join(work, '.shithub', 'workflows', 'smoke.yml'), SMOKE);
    await git(['init', '-q', '-b', 'trunk']);
    await git(['add', '.']);
    await git(['commit', '-q', '-m', 'Demo: the smoke workflow']);
    await git(['push', '-q', `${url}/admin/demo.git`, 'trunk']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function summary(
  url: string,
  engine: RunnerConfig['engine'],
  demo: Demo | null,
  pullFailed: boolean,
): string {
  const why = pullFailed ? 'the step image could not be pulled' : 'no Docker or Podman answered';
  const lines = [
    '',
    `shithubd dev is running at ${url}`,
    demo
      ? `  admin user: admin   password (shown once, store it now): ${demo.password}`
      : '  admin user: admin   (set a password with: shithubd admin user passwd --name admin)',
    demo
      ? `  PAT (shown once, store it now): ${demo.pat}`
      : '  (mint a PAT with: shithubd admin token create --user admin --scopes repo:write)',
    `  demo run: ${url}/admin/demo/actions/runs/1`,
    `  demo repository: git clone ${url}/admin/demo.git`,
    `  runs: curl -H "Authorization: Bearer <PAT>" ${url}/api/v1/repos/admin/demo/actions/runs`,
    engine.kind === 'host'
      ? `  WARNING: ${why}: steps run on the HOST engine, unisolated, as your user.`
      : `  steps run in ${engine.kind} containers (network ${engine.network}, image ${engine.image})`,
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}
