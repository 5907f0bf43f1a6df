/**
 * The example configurations in ops/config/ load through the real loaders, with secrets from
 * the environment as the systemd units' env files give them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { DEFAULT_ALLOWLIST, loadRunnerConfig } from '../../src/apps/shithubd-runner/config.js';
import { OPS } from '../support/ops-tools.js';

const SERVER_FILE = join(OPS, 'config/shithubd.toml');
const RUNNER_FILE = join(OPS, 'config/config.toml');
const SECRETS = {
  SHITHUB_DATABASE_URL: 'postgres://shithubd:pw@db.internal:5432/shithubd',
  SHITHUB_TOTP_KEY: Buffer.alloc(32, 7).toString('base64'),
  SHITHUB_STORAGE__SECRET_KEY: 'minio-secret',
};

function loadServerExample(): ServerConfig {
  return loadServerConfig({ configFlag: SERVER_FILE, env: SECRETS, cwd: '/' });
}

describe('ops/config examples', () => {
  it('loads the server example for PostgreSQL and S3, secrets from the environment', () => {
    const config = loadServerExample();
    expect(config).toMatchObject({
      configFile: SERVER_FILE,
      listen: '127.0.0.1:8080',
      baseUrl: 'https://shithub.example',
      dataDir: '/var/lib/shithubd',
      database: { url: SECRETS.SHITHUB_DATABASE_URL, poolSize: 10 },
      auth: { totpKeyB64: SECRETS.SHITHUB_TOTP_KEY },
      actions: { defaultTimeoutMinutes: 360, runnerLostAfterMs: 120_000 },
    });
    expect(config.storage).toMatchObject({
      kind: 's3',
      bucket: 'shithub-actions',
      accessKey: 'shithubd',
      secretKey: 'minio-secret',
      useSsl: true,
    });
  });

  it("loads the runner example (the runbook's config file) with the token from runner.env", () => {
    const config = loadRunnerConfig({
      configFlag: RUNNER_FILE,
      flags: {},
      env: { SHITHUB_RUNNER_TOKEN: 'f'.repeat(64) },
      cwd: '/',
      fileExists: (path) => path === RUNNER_FILE || path === '/etc/shithubd-runner/seccomp.json',
    });
    expect(config).toMatchObject({
      serverUrl: 'https://shithub.example',
      token: 'f'.repeat(64),
      labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
      capacity: 1,
      pollIntervalMs: 5000,
      workspaceRoot: '/var/lib/shithubd-runner/workspaces',
      workspaceTtlMs: 86_400_000,
      networkAllowlist: DEFAULT_ALLOWLIST,
      engine: {
        kind: 'docker',
        image: 'ghcr.io/shithub/runner-nix:1.0',
        network: 'shithub-actions',
        memory: '2g',
        cpus: '2',
        seccompProfile: '/etc/shithubd-runner/seccomp.json',
        user: '65534:65534',
        pidsLimit: 512,
        dnsServers: ['172.30.0.1'],
      },
    });
  });
});
