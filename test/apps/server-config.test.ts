import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';

function withFile(toml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-cfg-'));
  const file = join(dir, 'config.toml');
  writeFileSync(file, toml);
  return file;
}

const base = { env: {}, cwd: '/srv' };

describe('server configuration', () => {
  it('uses the embedded defaults with no file, environment or flags', () => {
    const cfg = loadServerConfig(base);
    expect(cfg.listen).toBe('127.0.0.1:8080');
    expect(cfg.baseUrl).toBe('http://127.0.0.1:8080');
    expect(cfg.dataDir).toBe('/srv/.shithub');
    expect(cfg.database.url).toBe('');
    expect(cfg.actions.runnerLostAfterMs).toBe(120_000);
    expect(cfg.retention).toEqual({ stepLogChunkDays: 7, runDays: 365, jwtUsedDays: 30 });
  });

  it('layers file < environment < flags', () => {
    const file = withFile(
      '[server]\nlisten = "0.0.0.0:9000"\ndata_dir = "/var/lib/a"\n[actions]\nrunner_lost_after = "5m"\n',
    );
    const cfg = loadServerConfig({
      ...base,
      configFlag: file,
      env: { SHITHUB_SERVER__DATA_DIR: '/var/lib/b', SHITHUB_ACTIONS__RUNNER_LOST_AFTER: '3m' },
      dataDirFlag: '/var/lib/c',
    });
    expect(cfg.listen).toBe('0.0.0.0:9000');
    expect(cfg.dataDir).toBe('/var/lib/c');
    expect(cfg.actions.runnerLostAfterMs).toBe(180_000);
  });

  it('honours the SHITHUB_DATABASE_URL and SHITHUB_TOTP_KEY aliases', () => {
    const cfg = loadServerConfig({
      ...base,
      env: { SHITHUB_DATABASE_URL: 'postgres://u@h/db', SHITHUB_TOTP_KEY: 'a2V5' },
    });
    expect(cfg.database.url).toBe('postgres://u@h/db');
    expect(cfg.auth.totpKeyB64).toBe('a2V5');
  });

  it.each([
    ['an unknown key in a known section', '[server]\nlisen = "x"\n', /unknown key 'server.lisen'/],
    ['an unknown section', '[serverz]\nlisten = "x"\n', /unknown key 'serverz.listen'/],
    ['a key outside any section', 'listen = "x"\n', /unknown key 'listen'/],
    [
      'a malformed duration',
      '[actions]\nrunner_lost_after = "soon"\n',
      /actions.runner_lost_after: invalid value "soon": must be a duration/,
    ],
    [
      'an out-of-range integer',
      '[actions]\ndefault_timeout_minutes = 5000\n',
      /must be an integer from 1 to 4320/,
    ],
    ['a wrong type', '[database]\npool_size = "ten"\n', /database.pool_size: invalid value "ten"/],
    ['a bad enum', '[storage]\nkind = "ftp"\n', /must be one of fs, s3/],
    ['broken TOML', '[server\n', /invalid TOML/],
  ])('rejects %s with the key and the rule', (_name, toml, message) => {
    expect(() => loadServerConfig({ ...base, configFlag: withFile(toml) })).toThrow(message);
  });

  it('names the file, the key, the value and the rule in one line', () => {
    const file = withFile('[actions]\nrunner_lost_after = "soon"\n');
    expect(() => loadServerConfig({ ...base, configFlag: file })).toThrow(
      `${file}: actions.runner_lost_after: invalid value "soon": must be a duration like 30s, 2m or 24h`,
    );
  });

  it('coerces environment strings to integers, booleans and durations', () => {
    const cfg = loadServerConfig({
      ...base,
      env: {
        SHITHUB_DATABASE__POOL_SIZE: '2',
        SHITHUB_ACTIONS__ENABLED: 'false',
        SHITHUB_ACTIONS__REQUIRE_PR_APPROVAL: '0',
        SHITHUB_ACTIONS__RUNNER_STALE_AFTER: '1h30m',
      },
    });
    expect(cfg.database.poolSize).toBe(2);
    expect(cfg.actions.enabled).toBe(false);
    expect(cfg.actions.requirePrApproval).toBe(false);
    expect(cfg.actions.runnerStaleAfterMs).toBe(5_400_000);
    const on = loadServerConfig({ ...base, env: { SHITHUB_ACTIONS__ENABLED: '1' } });
    expect(on.actions.enabled).toBe(true);
  });

  it.each([
    [
      'SHITHUB_ACTIONS__ENABLED',
      'yes',
      'SHITHUB_ACTIONS__ENABLED: invalid value "yes": must be true or false',
    ],
    [
      'SHITHUB_DATABASE__POOL_SIZE',
      '2.5',
      'SHITHUB_DATABASE__POOL_SIZE: invalid value "2.5": must be an integer from 1 to 500',
    ],
    ['SHITHUB_LOG__FORMAT', 'xml', 'SHITHUB_LOG__FORMAT: invalid value "xml": must be one of json, pretty'],
  ])('refuses %s=%s with the variable and the rule', (name, value, message) => {
    expect(() => loadServerConfig({ ...base, env: { [name]: value } })).toThrow(message);
  });

  it('refuses a bare TOML number for a duration key (seconds or minutes is a guess)', () => {
    expect(() =>
      loadServerConfig({ ...base, configFlag: withFile('[actions]\nrunner_lost_after = 120\n') }),
    ).toThrow(/actions.runner_lost_after: invalid value 120: must be a duration string like 30s, 2m or 24h/);
  });

  it('loads an S3 configuration that sets every storage key in the file', () => {
    const file = withFile(
      '[storage]\nkind = "s3"\nendpoint = "https://s3.example.test:9443"\nbucket = "shithub.objects-1"\n' +
        'access_key = "AKIAEXAMPLE"\nsecret_key = "wJalr/EXAMPLE+KEY"\nregion = "eu-central-1"\nuse_ssl = true\n',
    );
    expect(loadServerConfig({ ...base, configFlag: file }).storage).toEqual({
      kind: 's3',
      endpoint: 'https://s3.example.test:9443',
      bucket: 'shithub.objects-1',
      accessKey: 'AKIAEXAMPLE',
      secretKey: 'wJalr/EXAMPLE+KEY',
      region: 'eu-central-1',
      useSsl: true,
    });
  });

  it('loads the S3 storage keys from the file, with the secret key from the environment', () => {
    const file = withFile(
      '[storage]\nkind = "s3"\nendpoint = "minio.internal:9000"\nbucket = "shithub-objects"\n' +
        'access_key = "shithub"\nregion = "eu-west-1"\nuse_ssl = false\n',
    );
    const cfg = loadServerConfig({
      ...base,
      configFlag: file,
      env: { SHITHUB_STORAGE__SECRET_KEY: 's3cr3t-from-env' },
    });
    expect(cfg.storage).toEqual({
      kind: 's3',
      endpoint: 'minio.internal:9000',
      bucket: 'shithub-objects',
      accessKey: 'shithub',
      secretKey: 's3cr3t-from-env',
      region: 'eu-west-1',
      useSsl: false,
    });
  });

  it('loads the storage keys from the environment alone', () => {
    const cfg = loadServerConfig({
      ...base,
      env: {
        SHITHUB_STORAGE__KIND: 's3',
        SHITHUB_STORAGE__ENDPOINT: 'https://s3.example.test',
        SHITHUB_STORAGE__BUCKET: 'logs',
        SHITHUB_STORAGE__ACCESS_KEY: 'a',
        SHITHUB_STORAGE__SECRET_KEY: 'b',
        SHITHUB_STORAGE__USE_SSL: 'true',
      },
    });
    expect(cfg.storage).toMatchObject({ kind: 's3', endpoint: 'https://s3.example.test', useSsl: true });
  });

  it.each([
    [
      'storage.endpoint',
      { SHITHUB_STORAGE__BUCKET: 'bkt', SHITHUB_STORAGE__ACCESS_KEY: 'a', SHITHUB_STORAGE__SECRET_KEY: 's' },
    ],
    [
      'storage.bucket',
      {
        SHITHUB_STORAGE__ENDPOINT: 'h:9000',
        SHITHUB_STORAGE__ACCESS_KEY: 'a',
        SHITHUB_STORAGE__SECRET_KEY: 's',
      },
    ],
    [
      'storage.access_key',
      {
        SHITHUB_STORAGE__ENDPOINT: 'h:9000',
        SHITHUB_STORAGE__BUCKET: 'bkt',
        SHITHUB_STORAGE__SECRET_KEY: 's',
      },
    ],
    [
      'storage.secret_key',
      {
        SHITHUB_STORAGE__ENDPOINT: 'h:9000',
        SHITHUB_STORAGE__BUCKET: 'bkt',
        SHITHUB_STORAGE__ACCESS_KEY: 'a',
      },
    ],
  ])('refuses storage.kind = "s3" without %s, naming the key and the rule', (key, env) => {
    expect(() => loadServerConfig({ ...base, env: { SHITHUB_STORAGE__KIND: 's3', ...env } })).toThrow(
      `${key}: must be set when storage.kind is "s3"`,
    );
  });

  it.each([
    ['SHITHUB_STORAGE__BUCKET', 'Bad_Bucket', 'must be an S3 bucket name (3-63 of a-z 0-9 . -)'],
    ['SHITHUB_STORAGE__ENDPOINT', 'ftp://h:21', 'must be HOST[:PORT] or an http(s):// URL'],
    ['SHITHUB_RETENTION__RUN_DAYS', '0', 'must be an integer from 1 to 36500'],
  ])('refuses %s=%s with the rule', (name, value, rule) => {
    expect(() => loadServerConfig({ ...base, env: { [name]: value } })).toThrow(
      `${name}: invalid value ${JSON.stringify(value)}: ${rule}`,
    );
  });

  it('loads the retention thresholds from the file and the environment', () => {
    const cfg = loadServerConfig({
      ...base,
      configFlag: withFile('[retention]\nrun_days = 30\nstep_log_chunk_days = 2\n'),
      env: { SHITHUB_RETENTION__JWT_USED_DAYS: '10' },
    });
    expect(cfg.retention).toEqual({ stepLogChunkDays: 2, runDays: 30, jwtUsedDays: 10 });
  });

  it('defaults to the filesystem store in the typed view', () => {
    expect(loadServerConfig(base).storage).toEqual({
      kind: 'fs',
      endpoint: '',
      bucket: '',
      accessKey: '',
      secretKey: '',
      region: 'us-east-1',
      useSsl: true,
    });
  });

  it('reads the slow-client timeouts and the shutdown grace, and refuses headers outlasting the request', () => {
    expect(loadServerConfig(base).http).toEqual({
      headersTimeoutMs: 15_000,
      requestTimeoutMs: 300_000,
      shutdownGraceMs: 25_000,
    });
    const env = {
      SHITHUB_SERVER__HEADERS_TIMEOUT: '300ms',
      SHITHUB_SERVER__REQUEST_TIMEOUT: '2s',
      SHITHUB_SERVER__SHUTDOWN_GRACE: '0',
    };
    expect(loadServerConfig({ ...base, env }).http).toEqual({
      headersTimeoutMs: 300,
      requestTimeoutMs: 2000,
      shutdownGraceMs: 0,
    });
    expect(() =>
      loadServerConfig({ ...base, env: { ...env, SHITHUB_SERVER__HEADERS_TIMEOUT: '3s' } }),
    ).toThrow('server.headers_timeout: must not be longer than server.request_timeout');
  });

  it('rejects an unknown SHITHUB_SECTION__KEY variable by name', () => {
    expect(() => loadServerConfig({ ...base, env: { SHITHUB_SERVER__LISTN: 'x' } })).toThrow(
      /SHITHUB_SERVER__LISTN: unknown key 'server.listn'/,
    );
  });

  it('fails clearly when a named config file is missing', () => {
    expect(() => loadServerConfig({ ...base, configFlag: '/nonexistent/shithub.toml' })).toThrow(/not found/);
  });
});
