/**
 * `shithubd` configuration (SPEC §3.1): the keys, their defaults and rules, and the typed
 * view the composition root works with.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type ConfigSpec, loadLayeredConfig } from '../config/layered-config.js';

const LISTEN = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

export const SERVER_CONFIG_SPEC: ConfigSpec = {
  'server.listen': {
    kind: { kind: 'string', pattern: LISTEN, rule: 'must be HOST:PORT' },
    default: '127.0.0.1:8080',
  },
  'server.base_url': {
    kind: { kind: 'string', pattern: /^(https?:\/\/\S+)?$/, rule: 'must be an http(s) URL' },
    default: '',
  },
  'server.data_dir': {
    kind: { kind: 'string', pattern: /\S/, rule: 'must not be empty' },
    default: './.shithub',
  },
  'database.url': {
    kind: {
      kind: 'string',
      pattern: /^(postgres(ql)?:\/\/\S+)?$/,
      rule: 'must be a postgres:// URL or empty',
    },
    default: '',
    aliases: ['SHITHUB_DATABASE_URL'],
  },
  'database.pool_size': { kind: { kind: 'int', min: 1, max: 500 }, default: 10 },
  'auth.totp_key_b64': { kind: { kind: 'string' }, default: '', aliases: ['SHITHUB_TOTP_KEY'] },
  'storage.kind': { kind: { kind: 'enum', values: ['fs', 's3'] }, default: 'fs' },
  'storage.endpoint': { kind: { kind: 'string' }, default: '' },
  'storage.bucket': { kind: { kind: 'string' }, default: '' },
  'storage.access_key': { kind: { kind: 'string' }, default: '' },
  'storage.secret_key': { kind: { kind: 'string' }, default: '' },
  'storage.region': { kind: { kind: 'string' }, default: 'us-east-1' },
  'storage.use_ssl': { kind: { kind: 'bool' }, default: true },
  'actions.enabled': { kind: { kind: 'bool' }, default: true },
  'actions.require_pr_approval': { kind: { kind: 'bool' }, default: true },
  'actions.default_timeout_minutes': { kind: { kind: 'int', min: 1, max: 4320 }, default: 360 },
  'actions.runner_stale_after': { kind: { kind: 'duration', minMs: 1000 }, default: 60_000 },
  'actions.runner_lost_after': { kind: { kind: 'duration', minMs: 1000 }, default: 120_000 },
  'actions.max_repo_concurrent_jobs': { kind: { kind: 'int', min: 1, max: 100_000 }, default: 20 },
  'actions.max_owner_concurrent_jobs': { kind: { kind: 'int', min: 1, max: 100_000 }, default: 100 },
  'actions.heartbeat_rate_per_minute': { kind: { kind: 'int', min: 1, max: 100_000 }, default: 60 },
  'retention.step_log_chunk_days': { kind: { kind: 'int', min: 1, max: 36_500 }, default: 7 },
  'retention.run_days': { kind: { kind: 'int', min: 1, max: 36_500 }, default: 365 },
  'retention.jwt_used_days': { kind: { kind: 'int', min: 1, max: 36_500 }, default: 30 },
  'log.level': {
    kind: { kind: 'enum', values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
    default: 'info',
  },
  'log.format': { kind: { kind: 'enum', values: ['json', 'pretty'] }, default: 'json' },
};

export interface ServerConfig {
  configFile: string | null;
  listen: string;
  baseUrl: string;
  dataDir: string;
  database: { url: string; poolSize: number };
  auth: { totpKeyB64: string };
  storage: {
    kind: 'fs' | 's3';
    endpoint: string;
    bucket: string;
    accessKey: string;
    secretKey: string;
    region: string;
    useSsl: boolean;
  };
  actions: {
    enabled: boolean;
    requirePrApproval: boolean;
    defaultTimeoutMinutes: number;
    runnerStaleAfterMs: number;
    runnerLostAfterMs: number;
    maxRepoConcurrentJobs: number;
    maxOwnerConcurrentJobs: number;
    heartbeatRatePerMinute: number;
  };
  retention: { stepLogChunkDays: number; runDays: number; jwtUsedDays: number };
  log: { level: string; format: 'json' | 'pretty' };
}

export interface ServerConfigInput {
  configFlag?: string;
  dataDirFlag?: string;
  listenFlag?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Loads the server configuration from defaults, file, environment and flags. */
export function loadServerConfig(input: ServerConfigInput): ServerConfig {
  const explicit = input.configFlag ?? input.env.SHITHUB_CONFIG;
  if (explicit !== undefined && !existsSync(explicit)) {
    throw new ConfigError(`config file ${explicit}: not found`);
  }
  const { values: v, file } = loadLayeredConfig({
    spec: SERVER_CONFIG_SPEC,
    file: explicit,
    defaultFile: '/etc/shithubd/config.toml',
    env: input.env,
    envPrefix: 'SHITHUB_',
    envIgnore: ['SHITHUB_CONFIG'],
    flags: { 'server.data_dir': input.dataDirFlag, 'server.listen': input.listenFlag },
    fileExists: existsSync,
  });
  const s = (k: string) => v[k] as string;
  const n = (k: string) => v[k] as number;
  const b = (k: string) => v[k] as boolean;
  const listen = s('server.listen');
  return {
    configFile: file,
    listen,
    baseUrl: (s('server.base_url') || `http://${listen}`).replace(/\/+$/, ''),
    dataDir: resolve(input.cwd, s('server.data_dir')),
    database: { url: s('database.url'), poolSize: n('database.pool_size') },
    auth: { totpKeyB64: s('auth.totp_key_b64') },
    storage: {
      kind: s('storage.kind') as 'fs' | 's3',
      endpoint: s('storage.endpoint'),
      bucket: s('storage.bucket'),
      accessKey: s('storage.access_key'),
      secretKey: s('storage.secret_key'),
      region: s('storage.region'),
      useSsl: b('storage.use_ssl'),
    },
    actions: {
      enabled: b('actions.enabled'),
      requirePrApproval: b('actions.require_pr_approval'),
      defaultTimeoutMinutes: n('actions.default_timeout_minutes'),
      runnerStaleAfterMs: n('actions.runner_stale_after'),
      runnerLostAfterMs: n('actions.runner_lost_after'),
      maxRepoConcurrentJobs: n('actions.max_repo_concurrent_jobs'),
      maxOwnerConcurrentJobs: n('actions.max_owner_concurrent_jobs'),
      heartbeatRatePerMinute: n('actions.heartbeat_rate_per_minute'),
    },
    retention: {
      stepLogChunkDays: n('retention.step_log_chunk_days'),
      runDays: n('retention.run_days'),
      jwtUsedDays: n('retention.jwt_used_days'),
    },
    log: { level: s('log.level'), format: s('log.format') as 'json' | 'pretty' },
  };
}
