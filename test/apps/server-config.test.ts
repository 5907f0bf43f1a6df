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

  it('rejects an unknown SHITHUB_SECTION__KEY variable by name', () => {
    expect(() => loadServerConfig({ ...base, env: { SHITHUB_SERVER__LISTN: 'x' } })).toThrow(
      /SHITHUB_SERVER__LISTN: unknown key 'server.listn'/,
    );
  });

  it('fails clearly when a named config file is missing', () => {
    expect(() => loadServerConfig({ ...base, configFlag: '/nonexistent/shithub.toml' })).toThrow(/not found/);
  });
});
