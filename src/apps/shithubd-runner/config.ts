/**
 * `shithubd-runner` configuration (SPEC §3.2, facts §8.2): keys, defaults, rules, and the
 * typed view the composition root uses. Precedence: defaults < TOML < environment < flags.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { ContainerSettings } from '../../adapters/engine/docker-podman.js';
import { HOST_PATTERN, HOST_PATTERN_RULE } from '../../domain/egress/egress-allowlist.js';
import { duration, imagePatterns, int, list, matching, numeral, oneOf, size } from '../config/key-rules.js';
import {
  ConfigError,
  type ConfigSpec,
  type ConfigValue,
  type LoadedConfig,
  loadLayeredConfig,
  setting,
  settingWithoutDefault,
} from '../config/layered-config.js';

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

const LABEL = /^[A-Za-z0-9_.-]{1,100}$/;
const USER = /^(auto|[0-9]+(:[0-9]+)?|[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?)$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const nonEmpty = () => matching(/\S/, 'must not be empty');

export const RUNNER_CONFIG_SPEC = {
  'server.base_url': setting(
    matching(/^https?:\/\/[^\s/]+\S*$/, 'must be an absolute http(s) URL'),
    'http://127.0.0.1:8080',
    { aliases: ['SHITHUB_RUNNER_URL'] },
  ),
  // No default: loadRunnerConfig says how to give the token when no layer does.
  'runner.token': settingWithoutDefault(
    matching(/^\S+$/, 'is required (the registration token, no spaces)'),
    {
      aliases: ['SHITHUB_RUNNER_TOKEN'],
    },
  ),
  'runner.labels': setting(
    list({ pattern: LABEL, rule: `every label must match ${LABEL.source}` }),
    DEFAULT_LABELS,
    {
      aliases: ['SHITHUB_RUNNER_LABELS'],
    },
  ),
  'runner.capacity': setting(int(1, 64), 1),
  'runner.poll_interval': setting(duration(1), '5s'),
  'runner.long_poll': setting(duration(0), '30s'),
  'runner.workspace_root': setting(nonEmpty(), '/var/lib/shithubd-runner/workspaces'),
  'runner.workspace_ttl': setting(duration(1), '24h'),
  'runner.network_allowlist': setting(
    list({ pattern: HOST_PATTERN, rule: HOST_PATTERN_RULE }),
    DEFAULT_ALLOWLIST,
  ),
  'engine.kind': setting(oneOf(['docker', 'podman', 'host']), 'docker'),
  'engine.default_image': setting(nonEmpty(), 'ghcr.io/shithub/runner-nix:1.0'),
  'engine.allowed_images': setting(imagePatterns(), ['*']),
  'engine.pull': setting(oneOf(['missing', 'never', 'always']), 'missing'),
  'engine.network': setting(nonEmpty(), 'shithub-actions'),
  'engine.memory': setting(size(), '2g'),
  'engine.cpus': setting(numeral(/^[0-9]+(\.[0-9]+)?$/, 'must be a number of CPUs like 2 or 0.5'), '2'),
  'engine.pids_limit': setting(int(1, 4_194_304), 512),
  'engine.seccomp_profile': setting(nonEmpty(), '/etc/shithubd-runner/seccomp.json'),
  'engine.user': setting(matching(USER, 'must be uid:gid, a user name, or auto'), '65534:65534'),
  'engine.dns_servers': setting(list(), []),
  'log.level': setting(oneOf(LOG_LEVELS), 'info'),
  'log.format': setting(oneOf(['json', 'pretty', 'text']), 'json'),
} satisfies ConfigSpec;

type RunnerKey = keyof typeof RUNNER_CONFIG_SPEC;
type Value<K extends RunnerKey> = ConfigValue<typeof RUNNER_CONFIG_SPEC, K>;

/** Flag → key (SPEC §3.2); cac hands flags over camel-cased. */
export const RUNNER_FLAGS: Record<string, { key: RunnerKey; flag: string; description: string }> = {
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
  allowedImages: {
    key: 'engine.allowed_images',
    flag: '--allowed-images <csv>',
    description: 'image patterns a workflow container: or services: may use (* = any)',
  },
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

/**
 * The step engine: the container engine's own settings (the daemon adds the binary and the
 * client environment), or `host`.
 */
export type RunnerEngineConfig = Omit<ContainerSettings, 'kind' | 'binary' | 'clientEnv'> & {
  kind: ContainerSettings['kind'] | 'host';
  /** Patterns of the images a workflow's `container:` and `services:` may use (`*` any). */
  allowedImages: string[];
};

export interface RunnerConfig {
  configFile: string | null;
  serverUrl: string;
  token: string;
  labels: Value<'runner.labels'>;
  capacity: Value<'runner.capacity'>;
  pollIntervalMs: Value<'runner.poll_interval'>;
  longPollSeconds: number;
  workspaceRoot: string;
  workspaceTtlMs: Value<'runner.workspace_ttl'>;
  networkAllowlist: Value<'runner.network_allowlist'>;
  engine: RunnerEngineConfig;
  log: { level: Value<'log.level'>; format: 'json' | 'pretty' };
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
  const flags: Partial<Record<RunnerKey, string>> = {};
  for (const [name, { key, flag }] of Object.entries(RUNNER_FLAGS)) {
    const value = input.flags[name];
    if (value === undefined) continue;
    if (Array.isArray(value) || typeof value === 'boolean') {
      throw new ConfigError(`${flag.split(' ')[0]}: needs exactly one value`);
    }
    flags[key] = String(value);
  }
  const config = loadLayeredConfig({
    spec: RUNNER_CONFIG_SPEC,
    file: explicit,
    defaultFile: DEFAULT_CONFIG_FILE,
    env: input.env,
    envPrefix: 'SHITHUB_RUNNER_',
    envIgnore: ['SHITHUB_RUNNER_CONFIG'],
    flags,
    fileExists,
  });
  return validated(config, input);
}

function validated(
  { get, file }: LoadedConfig<typeof RUNNER_CONFIG_SPEC>,
  input: RunnerConfigInput,
): RunnerConfig {
  const token = get('runner.token');
  if (token === undefined) {
    throw new ConfigError('runner.token: is required (--token, SHITHUB_RUNNER_TOKEN or [runner] token)');
  }
  const longPollMs = get('runner.long_poll');
  if (longPollMs > 50_000) throw new ConfigError('runner.long_poll: must be at most 50s (0 disables)');
  const labels = unique(get('runner.labels'));
  if (labels.length === 0) throw new ConfigError('runner.labels: needs at least one label');
  const networkAllowlist = unique(get('runner.network_allowlist'));
  if (networkAllowlist.length === 0) {
    throw new ConfigError('runner.network_allowlist: needs at least one host pattern');
  }
  const allowedImages = unique(get('engine.allowed_images'));
  if (allowedImages.length === 0)
    throw new ConfigError('engine.allowed_images: needs at least one pattern ("*" allows any image)');
  const dns = unique(get('engine.dns_servers'));
  const badDns = dns.find((ip) => isIP(ip) === 0);
  if (badDns !== undefined) throw new ConfigError(`engine.dns_servers: '${badDns}' is not an IP address`);
  const kind = get('engine.kind');
  const seccomp = get('engine.seccomp_profile');
  if (kind !== 'host' && seccomp !== 'unconfined' && !(input.fileExists ?? existsSync)(seccomp)) {
    throw new ConfigError(
      `engine.seccomp_profile: file ${seccomp} not found (install ops/seccomp.json there, or spell out "unconfined")`,
    );
  }
  const user = get('engine.user');
  return {
    configFile: file,
    serverUrl: get('server.base_url').replace(/\/+$/, ''),
    token,
    labels,
    capacity: get('runner.capacity'),
    pollIntervalMs: get('runner.poll_interval'),
    longPollSeconds: Math.round(longPollMs / 1000),
    workspaceRoot: resolve(input.cwd, get('runner.workspace_root')),
    workspaceTtlMs: get('runner.workspace_ttl'),
    networkAllowlist,
    engine: {
      kind,
      image: get('engine.default_image'),
      allowedImages,
      pull: get('engine.pull'),
      network: get('engine.network'),
      memory: get('engine.memory'),
      cpus: get('engine.cpus'),
      pidsLimit: get('engine.pids_limit'),
      seccompProfile: seccomp === 'unconfined' ? seccomp : resolve(input.cwd, seccomp),
      user: user === 'auto' ? (input.ownUser?.() ?? user) : user,
      dnsServers: dns,
    },
    log: { level: get('log.level'), format: get('log.format') === 'json' ? 'json' : 'pretty' },
  };
}

const unique = (items: readonly string[]): string[] => [...new Set(items)];
