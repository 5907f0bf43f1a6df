/**
 * `shithubd` configuration (SPEC §3.1): the keys, their defaults and rules, and the typed
 * view the composition root works with.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONCURRENCY_CAPS } from '../../ports/model/forge.js';
import { bool, byteSize, duration, int, matching, oneOf, text } from '../config/key-rules.js';
import {
  ConfigError,
  type ConfigSpec,
  type ConfigValue,
  loadLayeredConfig,
  setting,
} from '../config/layered-config.js';

const LISTEN = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
// `host`, `host:port` or an http(s):// URL of one (the scheme then decides TLS).
const ENDPOINT = /^((https?:\/\/)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?\/?)?$/;
// S3 bucket naming: 3..63 of lower-case letters, digits, dots and hyphens.
const BUCKET = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$/;

export const SERVER_CONFIG_SPEC = {
  'server.listen': setting(matching(LISTEN, 'must be HOST:PORT'), '127.0.0.1:8080'),
  'server.base_url': setting(matching(/^(https?:\/\/\S+)?$/, 'must be an http(s) URL'), ''),
  'server.data_dir': setting(matching(/\S/, 'must not be empty'), './.shithub'),
  // Slow clients and shutdown (issue #12): a client gets this long for its headers, and for
  // its whole request (body included: a git push of a large pack on a slow link); a stopping
  // server lets in-flight requests finish for up to the grace.
  'server.headers_timeout': setting(duration(100), '15s'),
  'server.request_timeout': setting(duration(100), '5m'),
  'server.shutdown_grace': setting(duration(0), '25s'),
  'database.url': setting(matching(/^(postgres(ql)?:\/\/\S+)?$/, 'must be a postgres:// URL or empty'), '', {
    aliases: ['SHITHUB_DATABASE_URL'],
  }),
  'database.pool_size': setting(int(1, 500), 10),
  'auth.totp_key_b64': setting(text(), '', { aliases: ['SHITHUB_TOTP_KEY'] }),
  'storage.kind': setting(oneOf(['fs', 's3']), 'fs'),
  'storage.endpoint': setting(matching(ENDPOINT, 'must be HOST[:PORT] or an http(s):// URL'), ''),
  'storage.bucket': setting(matching(BUCKET, 'must be an S3 bucket name (3-63 of a-z 0-9 . -)'), ''),
  'storage.access_key': setting(text(), ''),
  'storage.secret_key': setting(text(), ''),
  'storage.region': setting(matching(/^[a-z0-9-]+$/, 'must be a region name like us-east-1'), 'us-east-1'),
  'storage.use_ssl': setting(bool(), true),
  'actions.enabled': setting(bool(), true),
  'actions.require_pr_approval': setting(bool(), true),
  'actions.default_timeout_minutes': setting(int(1, 4320), 360),
  'actions.runner_stale_after': setting(duration(1000), '60s'),
  'actions.runner_lost_after': setting(duration(1000), '2m'),
  'actions.max_repo_concurrent_jobs': setting(
    int(1, 100_000),
    DEFAULT_CONCURRENCY_CAPS.maxRepoConcurrentJobs,
  ),
  'actions.max_owner_concurrent_jobs': setting(
    int(1, 100_000),
    DEFAULT_CONCURRENCY_CAPS.maxOwnerConcurrentJobs,
  ),
  'actions.heartbeat_rate_per_minute': setting(int(1, 100_000), 60),
  'ui.live_log_reconnect_after': setting(duration(1000), '5m'),
  'retention.step_log_chunk_days': setting(int(1, 36_500), 7),
  'retention.run_days': setting(int(1, 36_500), 365),
  'retention.jwt_used_days': setting(int(1, 36_500), 30),
  'artifacts.max_size': setting(byteSize(), '2g'),
  'artifacts.retention_days': setting(int(1, 36_500), 90),
  'log.level': setting(oneOf(LOG_LEVELS), 'info'),
  'log.format': setting(oneOf(['json', 'pretty']), 'json'),
} satisfies ConfigSpec;

type Value<K extends keyof typeof SERVER_CONFIG_SPEC> = ConfigValue<typeof SERVER_CONFIG_SPEC, K>;

export interface ServerConfig {
  configFile: string | null;
  listen: Value<'server.listen'>;
  baseUrl: string;
  dataDir: string;
  http: {
    headersTimeoutMs: Value<'server.headers_timeout'>;
    requestTimeoutMs: Value<'server.request_timeout'>;
    shutdownGraceMs: Value<'server.shutdown_grace'>;
  };
  database: { url: Value<'database.url'>; poolSize: Value<'database.pool_size'> };
  auth: { totpKeyB64: Value<'auth.totp_key_b64'> };
  storage: {
    kind: Value<'storage.kind'>;
    endpoint: Value<'storage.endpoint'>;
    bucket: Value<'storage.bucket'>;
    accessKey: Value<'storage.access_key'>;
    secretKey: Value<'storage.secret_key'>;
    region: Value<'storage.region'>;
    useSsl: Value<'storage.use_ssl'>;
  };
  actions: {
    enabled: Value<'actions.enabled'>;
    requirePrApproval: Value<'actions.require_pr_approval'>;
    defaultTimeoutMinutes: Value<'actions.default_timeout_minutes'>;
    runnerStaleAfterMs: Value<'actions.runner_stale_after'>;
    runnerLostAfterMs: Value<'actions.runner_lost_after'>;
    maxRepoConcurrentJobs: Value<'actions.max_repo_concurrent_jobs'>;
    maxOwnerConcurrentJobs: Value<'actions.max_owner_concurrent_jobs'>;
    heartbeatRatePerMinute: Value<'actions.heartbeat_rate_per_minute'>;
  };
  /** How long one live log connection lasts before the browser reconnects (and resumes). */
  ui: { liveLogReconnectAfterMs: Value<'ui.live_log_reconnect_after'> };
  retention: {
    stepLogChunkDays: Value<'retention.step_log_chunk_days'>;
    runDays: Value<'retention.run_days'>;
    jwtUsedDays: Value<'retention.jwt_used_days'>;
  };
  artifacts: { maxBytes: Value<'artifacts.max_size'>; retentionDays: Value<'artifacts.retention_days'> };
  log: { level: Value<'log.level'>; format: Value<'log.format'> };
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
  const { get, file } = loadLayeredConfig({
    spec: SERVER_CONFIG_SPEC,
    file: explicit,
    defaultFile: '/etc/shithubd/config.toml',
    env: input.env,
    envPrefix: 'SHITHUB_',
    envIgnore: ['SHITHUB_CONFIG'],
    flags: { 'server.data_dir': input.dataDirFlag, 'server.listen': input.listenFlag },
    fileExists: existsSync,
  });
  const listen = get('server.listen');
  const storage = {
    kind: get('storage.kind'),
    endpoint: get('storage.endpoint'),
    bucket: get('storage.bucket'),
    accessKey: get('storage.access_key'),
    secretKey: get('storage.secret_key'),
    region: get('storage.region'),
    useSsl: get('storage.use_ssl'),
  };
  checkS3Settings(storage);
  const http = {
    headersTimeoutMs: get('server.headers_timeout'),
    requestTimeoutMs: get('server.request_timeout'),
    shutdownGraceMs: get('server.shutdown_grace'),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new ConfigError('server.headers_timeout: must not be longer than server.request_timeout');
  }
  return {
    configFile: file,
    listen,
    baseUrl: (get('server.base_url') || `http://${listen}`).replace(/\/+$/, ''),
    dataDir: resolve(input.cwd, get('server.data_dir')),
    http,
    database: { url: get('database.url'), poolSize: get('database.pool_size') },
    auth: { totpKeyB64: get('auth.totp_key_b64') },
    storage,
    actions: {
      enabled: get('actions.enabled'),
      requirePrApproval: get('actions.require_pr_approval'),
      defaultTimeoutMinutes: get('actions.default_timeout_minutes'),
      runnerStaleAfterMs: get('actions.runner_stale_after'),
      runnerLostAfterMs: get('actions.runner_lost_after'),
      maxRepoConcurrentJobs: get('actions.max_repo_concurrent_jobs'),
      maxOwnerConcurrentJobs: get('actions.max_owner_concurrent_jobs'),
      heartbeatRatePerMinute: get('actions.heartbeat_rate_per_minute'),
    },
    ui: { liveLogReconnectAfterMs: get('ui.live_log_reconnect_after') },
    retention: {
      stepLogChunkDays: get('retention.step_log_chunk_days'),
      runDays: get('retention.run_days'),
      jwtUsedDays: get('retention.jwt_used_days'),
    },
    artifacts: { maxBytes: get('artifacts.max_size'), retentionDays: get('artifacts.retention_days') },
    log: { level: get('log.level'), format: get('log.format') },
  };
}

/** `storage.kind = "s3"` needs somewhere to connect to and credentials: name the first key missing. */
function checkS3Settings(storage: ServerConfig['storage']): void {
  if (storage.kind !== 's3') return;
  const required: [string, string][] = [
    ['storage.endpoint', storage.endpoint],
    ['storage.bucket', storage.bucket],
    ['storage.access_key', storage.accessKey],
    ['storage.secret_key', storage.secretKey],
  ];
  for (const [key, value] of required) {
    if (value === '') throw new ConfigError(`${key}: must be set when storage.kind is "s3"`);
  }
}
