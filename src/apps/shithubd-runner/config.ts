/**
 * `shithubd-runner` configuration (SPEC §3.2, facts §8.2): keys, defaults, rules, and the
 * typed view the composition root uses. Precedence: defaults < TOML < environment < flags.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError, type ConfigSpec, loadLayeredConfig } from '../config/layered-config.js';

export const DEFAULT_CONFIG_FILE = '/etc/shithubd-runner/config.toml';
export const DEFAULT_LABELS = ['self-hosted', 'linux', 'ubuntu-latest', 'x64'];
export const DEFAULT_ALLOWLIST = [
  'api.github.com',
  'auth.docker.io',
  'codeload.github.com',
  'github.com',
  'objects.githubusercontent.com',
  'production.cloudflare.docker.com',
  'registry-1.docker.io',
  '*.githubusercontent.com',
];

const nonEmpty = { kind: 'string', pattern: /\S/, rule: 'must not be empty' } as const;
const LABEL = /^[A-Za-z0-9_.-]{1,100}$/;
const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const USER = /^(auto|[0-9]+(:[0-9]+)?|[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?)$/;

export const RUNNER_CONFIG_SPEC: ConfigSpec = {
  'server.base_url': {
    kind: { kind: 'string', pattern: /^https?:\/\/[^\s/]+\S*$/, rule: 'must be an absolute http(s) URL' },
    default: 'http://127.0.0.1:8080',
    aliases: ['SHITHUB_RUNNER_URL'],
  },
  'runner.token': {
    kind: { kind: 'string', pattern: /^\S+$/, rule: 'is required (the registration token, no spaces)' },
    default: '',
    aliases: ['SHITHUB_RUNNER_TOKEN'],
  },
  'runner.labels': {
    kind: { kind: 'list', itemPattern: LABEL, rule: `every label must match ${LABEL.source}` },
    default: DEFAULT_LABELS,
    aliases: ['SHITHUB_RUNNER_LABELS'],
  },
  'runner.capacity': { kind: { kind: 'int', min: 1, max: 64 }, default: 1 },
  'runner.poll_interval': { kind: { kind: 'duration', minMs: 1 }, default: 5000 },
  'runner.long_poll': { kind: { kind: 'duration', minMs: 0 }, default: 30_000 },
  'runner.workspace_root': { kind: nonEmpty, default: '/var/lib/shithubd-runner/workspaces' },
  'runner.workspace_ttl': { kind: { kind: 'duration', minMs: 1 }, default: 24 * 3_600_000 },
  'runner.network_allowlist': {
    kind: {
      kind: 'list',
      itemPattern: HOST_PATTERN,
      rule: 'every entry must be a lower-case host name, optionally starting with *.',
    },
    default: DEFAULT_ALLOWLIST,
  },
  'engine.kind': { kind: { kind: 'enum', values: ['docker', 'podman', 'host'] }, default: 'docker' },
  'engine.default_image': { kind: nonEmpty, default: 'ghcr.io/shithub/runner-nix:1.0' },
  'engine.pull': { kind: { kind: 'enum', values: ['missing', 'never', 'always'] }, default: 'missing' },
  'engine.network': { kind: nonEmpty, default: 'shithub-actions' },
  'engine.memory': {
    kind: { kind: 'string', pattern: /^[0-9]+(\.[0-9]+)?[bkmg]?$/i, rule: 'must be a size like 512m or 2g' },
    default: '2g',
  },
  'engine.cpus': {
    kind: { kind: 'string', pattern: /^[0-9]+(\.[0-9]+)?$/, rule: 'must be a number of CPUs like 2 or 0.5' },
    default: '2',
  },
  'engine.pids_limit': { kind: { kind: 'int', min: 1, max: 4_194_304 }, default: 512 },
  'engine.seccomp_profile': { kind: nonEmpty, default: '/etc/shithubd-runner/seccomp.json' },
  'engine.user': {
    kind: { kind: 'string', pattern: USER, rule: 'must be uid:gid, a user name, or auto' },
    default: '65534:65534',
  },
  'engine.dns_servers': { kind: { kind: 'list' }, default: [] },
  'log.level': {
    kind: { kind: 'enum', values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
    default: 'info',
  },
  'log.format': { kind: { kind: 'enum', values: ['json', 'pretty', 'text'] }, default: 'json' },
};

/** Flag → key (SPEC §3.2); cac hands flags over camel-cased. */
export const RUNNER_FLAGS: Record<string, { key: string; flag: string; description: string }> = {
  serverUrl: { key: 'server.base_url', flag: '--server-url <url>', description: 'server base URL' },
  token: {
    key: 'runner.token',
    flag: '--token <token>',
    description: 'registration token (prefer the env or file)',
  },
  labels: { key: 'runner.labels', flag: '--labels <csv>', description: 'runner labels, comma-separated' },
  capacity: { key: 'runner.capacity', flag: '--capacity <n>', description: 'jobs run at once (1..64)' },
  pollInterval: {
    key: 'runner.poll_interval',
    flag: '--poll-interval <d>',
    description: 'sleep after a 204 without long poll',
  },
  longPoll: {
    key: 'runner.long_poll',
    flag: '--long-poll <d>',
    description: 'heartbeat long-poll wait (0 disables)',
  },
  workspaceRoot: {
    key: 'runner.workspace_root',
    flag: '--workspace-root <dir>',
    description: 'job workspaces',
  },
  workspaceTtl: {
    key: 'runner.workspace_ttl',
    flag: '--workspace-ttl <d>',
    description: 'age at which leftover workspaces go',
  },
  networkAllowlist: {
    key: 'runner.network_allowlist',
    flag: '--network-allowlist <csv>',
    description: 'egress allowlist (enforced by the ops role)',
  },
  engine: { key: 'engine.kind', flag: '--engine <kind>', description: 'docker, podman or host' },
  image: { key: 'engine.default_image', flag: '--image <ref>', description: 'step container image' },
  pull: { key: 'engine.pull', flag: '--pull <policy>', description: 'missing, never or always' },
  network: {
    key: 'engine.network',
    flag: '--network <name>',
    description: 'container network (none allowed)',
  },
  memory: { key: 'engine.memory', flag: '--memory <size>', description: 'memory limit per step' },
  cpus: { key: 'engine.cpus', flag: '--cpus <n>', description: 'CPU limit per step' },
  pidsLimit: { key: 'engine.pids_limit', flag: '--pids-limit <n>', description: 'process limit per step' },
  seccompProfile: {
    key: 'engine.seccomp_profile',
    flag: '--seccomp-profile <file>',
    description: 'seccomp profile path, or unconfined',
  },
  containerUser: {
    key: 'engine.user',
    flag: '--container-user <uid:gid>',
    description: 'step user (auto = the runner user)',
  },
  dnsServers: {
    key: 'engine.dns_servers',
    flag: '--dns-servers <csv>',
    description: 'DNS servers for steps',
  },
  logLevel: { key: 'log.level', flag: '--log-level <level>', description: 'log level' },
  logFormat: { key: 'log.format', flag: '--log-format <format>', description: 'json or pretty' },
};

export interface RunnerConfig {
  configFile: string | null;
  serverUrl: string;
  token: string;
  labels: string[];
  capacity: number;
  pollIntervalMs: number;
  longPollSeconds: number;
  workspaceRoot: string;
  workspaceTtlMs: number;
  networkAllowlist: string[];
  engine: {
    kind: 'docker' | 'podman' | 'host';
    image: string;
    pull: 'missing' | 'never' | 'always';
    network: string;
    memory: string;
    cpus: string;
    pidsLimit: number;
    seccompProfile: string;
    user: string;
    dnsServers: string[];
  };
  log: { level: string; format: 'json' | 'pretty' };
}

export interface RunnerConfigInput {
  configFlag?: string;
  /** Raw flag values keyed as cac names them (`serverUrl`, …). */
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  cwd: string;
  fileExists?: (path: string) => boolean;
  /** `auto` for engine.user resolves to this. */
  ownUser?: () => string;
}

/** Loads and validates the runner configuration; throws ConfigError naming the key and rule. */
export function loadRunnerConfig(input: RunnerConfigInput): RunnerConfig {
  const fileExists = input.fileExists ?? existsSync;
  const explicit = input.configFlag ?? input.env.SHITHUB_RUNNER_CONFIG;
  if (explicit !== undefined && !fileExists(explicit))
    throw new ConfigError(`config file ${explicit}: not found`);
  const flags: Record<string, unknown> = {};
  for (const [name, { key, flag }] of Object.entries(RUNNER_FLAGS)) {
    const value = input.flags[name];
    if (value === undefined) continue;
    if (Array.isArray(value) || typeof value === 'boolean') {
      throw new ConfigError(`${flag.split(' ')[0]}: needs exactly one value`);
    }
    flags[key] = String(value);
  }
  const { values: v, file } = loadLayeredConfig({
    spec: RUNNER_CONFIG_SPEC,
    file: explicit,
    defaultFile: DEFAULT_CONFIG_FILE,
    env: input.env,
    envPrefix: 'SHITHUB_RUNNER_',
    envIgnore: ['SHITHUB_RUNNER_CONFIG'],
    flags,
    fileExists,
  });
  return validated(v, file, input);
}

function validated(v: Record<string, unknown>, file: string | null, input: RunnerConfigInput): RunnerConfig {
  const s = (k: string) => v[k] as string;
  const n = (k: string) => v[k] as number;
  const list = (k: string) => [...new Set(v[k] as string[])];
  if (s('runner.token') === '') {
    throw new ConfigError('runner.token: is required (--token, SHITHUB_RUNNER_TOKEN or [runner] token)');
  }
  if (n('runner.long_poll') > 50_000)
    throw new ConfigError('runner.long_poll: must be at most 50s (0 disables)');
  if (list('runner.labels').length === 0) throw new ConfigError('runner.labels: needs at least one label');
  if (list('runner.network_allowlist').length === 0) {
    throw new ConfigError('runner.network_allowlist: needs at least one host pattern');
  }
  const dns = list('engine.dns_servers');
  const badDns = dns.find((ip) => isIP(ip) === 0);
  if (badDns !== undefined) throw new ConfigError(`engine.dns_servers: '${badDns}' is not an IP address`);
  const kind = s('engine.kind') as RunnerConfig['engine']['kind'];
  const seccomp = s('engine.seccomp_profile');
  if (kind !== 'host' && seccomp !== 'unconfined' && !(input.fileExists ?? existsSync)(seccomp)) {
    throw new ConfigError(
      `engine.seccomp_profile: file ${seccomp} not found (install ops/seccomp.json there, or spell out "unconfined")`,
    );
  }
  const user = s('engine.user');
  return {
    configFile: file,
    serverUrl: s('server.base_url').replace(/\/+$/, ''),
    token: s('runner.token'),
    labels: list('runner.labels'),
    capacity: n('runner.capacity'),
    pollIntervalMs: n('runner.poll_interval'),
    longPollSeconds: Math.round(n('runner.long_poll') / 1000),
    workspaceRoot: resolve(input.cwd, s('runner.workspace_root')),
    workspaceTtlMs: n('runner.workspace_ttl'),
    networkAllowlist: list('runner.network_allowlist'),
    engine: {
      kind,
      image: s('engine.default_image'),
      pull: s('engine.pull') as RunnerConfig['engine']['pull'],
      network: s('engine.network'),
      memory: s('engine.memory'),
      cpus: s('engine.cpus'),
      pidsLimit: n('engine.pids_limit'),
      seccompProfile: seccomp === 'unconfined' ? seccomp : resolve(input.cwd, seccomp),
      user: user === 'auto' ? (input.ownUser?.() ?? user) : user,
      dnsServers: dns,
    },
    log: { level: s('log.level'), format: s('log.format') === 'json' ? 'json' : 'pretty' },
  };
}
