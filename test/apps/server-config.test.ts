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

  it('refuses storage keys in the file as not supported yet', () => {
    const file = withFile('[storage]\nkind = "s3"\n');
    expect(() => loadServerConfig({ ...base, configFlag: file })).toThrow(
      `${file}: storage.kind: not supported yet (object storage lands with issue #10)`,
    );
  });

  it.each([
    ['SHITHUB_STORAGE__KIND', 's3', 'storage.kind'],
    ['SHITHUB_STORAGE__USE_SSL', 'false', 'storage.use_ssl'],
    ['SHITHUB_RETENTION__RUN_DAYS', '30', 'retention.run_days'],
  ])('refuses %s=%s as not supported yet, naming the key', (name, value, key) => {
    expect(() => loadServerConfig({ ...base, env: { [name]: value } })).toThrow(
      new RegExp(`^${name}: ${key.replace('.', '\\.')}: not supported yet \\(`),
    );
  });

  it('refuses retention keys in the file as not supported yet', () => {
    expect(() => loadServerConfig({ ...base, configFlag: withFile('[retention]\nrun_days = 30\n') })).toThrow(
      /retention\.run_days: not supported yet/,
    );
  });

  it('keeps the unsupported keys at their defaults in the typed view', () => {
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

  it('rejects an unknown SHITHUB_SECTION__KEY variable by name', () => {
    expect(() => loadServerConfig({ ...base, env: { SHITHUB_SERVER__LISTN: 'x' } })).toThrow(
      /SHITHUB_SERVER__LISTN: unknown key 'server.listn'/,
    );
  });

  it('fails clearly when a named config file is missing', () => {
    expect(() => loadServerConfig({ ...base, configFlag: '/nonexistent/shithub.toml' })).toThrow(/not found/);
  });
});
