import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWLIST, loadRunnerConfig } from '../../src/apps/shithubd-runner/config.js';

const dir = mkdtempSync(join(tmpdir(), 'runner-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECCOMP = '/etc/shithubd-runner/seccomp.json';
const exists = (p: string) => p === SECCOMP || p.startsWith(dir) || p.endsWith('ops/config/config.toml');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const load = (opts: { flags?: Record<string, unknown>; env?: Record<string, string>; configFlag?: string }) =>
  loadRunnerConfig({
    flags: opts.flags ?? {},
    env: opts.env ?? {},
    configFlag: opts.configFlag,
    cwd: '/srv',
    fileExists: exists,
    ownUser: () => '1000:1000',
  });

const RUNBOOK_TOML = `[server]
base_url = "https://shithub.example"

[runner]
token = "<printed-token>"
labels = ["self-hosted", "linux", "ubuntu-latest", "x64"]
capacity = 1
poll_interval = "5s"
workspace_root = "/var/lib/shithubd-runner/workspaces"
workspace_ttl = "24h"
network_allowlist = [
"api.github.com",
"auth.docker.io",
"codeload.github.com",
"github.com",
"objects.githubusercontent.com",
"production.cloudflare.docker.com",
"registry-1.docker.io",
"*.githubusercontent.com",
]

[engine]
kind = "docker"
default_image = "ghcr.io/shithub/runner-nix:1.0"
network = "shithub-actions"
memory = "2g"
cpus = "2"
seccomp_profile = "/etc/shithubd-runner/seccomp.json"
user = "65534:65534"
pids_limit = 512
dns_servers = ["172.30.0.1"]
`;

describe('shithubd-runner configuration', () => {
  it("loads the runbook's TOML example verbatim", () => {
    const config = load({ configFlag: file('runbook.toml', RUNBOOK_TOML) });
    expect(config).toMatchObject({
      serverUrl: 'https://shithub.example',
      token: '<printed-token>',
      labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
      capacity: 1,
      pollIntervalMs: 5000,
      longPollSeconds: 30,
      workspaceRoot: '/var/lib/shithubd-runner/workspaces',
      workspaceTtlMs: 24 * 3_600_000,
      networkAllowlist: DEFAULT_ALLOWLIST,
      engine: {
        kind: 'docker',
        image: 'ghcr.io/shithub/runner-nix:1.0',
        pull: 'missing',
        network: 'shithub-actions',
        memory: '2g',
        cpus: '2',
        pidsLimit: 512,
        seccompProfile: SECCOMP,
        user: '65534:65534',
        dnsServers: ['172.30.0.1'],
      },
    });
  });

  it('loads the shipped example ops/config/config.toml', () => {
    const example = new URL('../../ops/config/config.toml', import.meta.url).pathname;
    expect(load({ configFlag: example }).serverUrl).toBe('https://shithub.example');
  });

  it('applies defaults < file < environment < flags', () => {
    const configFlag = file(
      'layers.toml',
      '[runner]\ntoken = "from-file"\ncapacity = 2\n[engine]\npids_limit = 100\n',
    );
    const config = load({
      configFlag,
      env: { SHITHUB_RUNNER_RUNNER__CAPACITY: '3', SHITHUB_RUNNER_ENGINE__PIDS_LIMIT: '200' },
      flags: { capacity: 4 },
    });
    expect([config.token, config.capacity, config.engine.pidsLimit, config.engine.memory]).toEqual([
      'from-file',
      4,
      200,
      '2g',
    ]);
  });

  it('reads the aliases SHITHUB_RUNNER_TOKEN, _URL and _LABELS, lists as CSV, and lets the canonical names win', () => {
    const config = load({
      env: {
        SHITHUB_RUNNER_TOKEN: 'alias-token',
        SHITHUB_RUNNER_URL: 'http://alias.example/',
        SHITHUB_RUNNER_SERVER__BASE_URL: 'http://canonical.example',
        SHITHUB_RUNNER_LABELS: 'a, b,a',
        SHITHUB_RUNNER_ENGINE__DNS_SERVERS: '10.0.0.53,10.0.0.54',
      },
    });
    expect(config.token).toBe('alias-token');
    expect(config.serverUrl).toBe('http://canonical.example');
    expect(config.labels).toEqual(['a', 'b']);
    expect(config.engine.dnsServers).toEqual(['10.0.0.53', '10.0.0.54']);
  });

  it('takes flags as the runbook passes them', () => {
    const config = load({
      flags: {
        serverUrl: 'https://shithub.example',
        token: 'abc',
        labels: 'self-hosted,linux',
        workspaceRoot: 'ws',
        network: 'shithub-actions',
        dnsServers: '172.30.0.1',
        containerUser: 'auto',
        longPoll: '0',
        engine: 'host',
      },
    });
    expect(config).toMatchObject({
      labels: ['self-hosted', 'linux'],
      workspaceRoot: '/srv/ws',
      longPollSeconds: 0,
      engine: { kind: 'host', user: '1000:1000', dnsServers: ['172.30.0.1'] },
    });
  });

  it.each([
    [{ flags: {} }, /runner\.token: is required/],
    [{ flags: { token: 't', capacity: 65 } }, /runner\.capacity.*"65".*integer from 1 to 64/],
    [{ flags: { token: 't', serverUrl: 'ftp://x' } }, /server\.base_url.*absolute http\(s\) URL/],
    [{ flags: { token: 't', labels: 'ok,bad label' } }, /runner\.labels.*every label must match/],
    [{ flags: { token: 't', pollInterval: 'soon' } }, /runner\.poll_interval.*duration/],
    [{ flags: { token: 't', longPoll: '2m' } }, /runner\.long_poll: must be at most 50s/],
    [{ flags: { token: 't', engine: 'lxc' } }, /engine\.kind.*docker, podman, host/],
    [{ flags: { token: 't', pull: 'sometimes' } }, /engine\.pull.*missing, never, always/],
    [
      { flags: { token: 't', dnsServers: '1.2.3.4,dns.example' } },
      /engine\.dns_servers: 'dns\.example' is not an IP/,
    ],
    [
      { flags: { token: 't', seccompProfile: '/nowhere.json' } },
      /engine\.seccomp_profile: file \/nowhere\.json not found.*unconfined/,
    ],
    [{ flags: { token: 't', networkAllowlist: 'Example.COM' } }, /runner\.network_allowlist/],
    [
      { env: { SHITHUB_RUNNER_ENGINE__BOGUS: 'x' } },
      /SHITHUB_RUNNER_ENGINE__BOGUS: unknown key 'engine\.bogus'/,
    ],
    [{ configFlag: '/nowhere/config.toml' }, /config file \/nowhere\/config\.toml: not found/],
  ])('refuses %j naming the key and the rule', (opts, message) => {
    expect(() => load(opts as Parameters<typeof load>[0])).toThrow(message);
  });

  it.each([
    ['cpus = 2', '2'],
    ['cpus = 0.5', '0.5'],
    ['cpus = "1.5"', '1.5'],
  ])('takes the TOML %s as the CPU string %j', (line, cpus) => {
    const configFlag = file('cpus.toml', `[runner]\ntoken = "t"\n[engine]\n${line}\n`);
    expect(load({ configFlag }).engine.cpus).toBe(cpus);
  });

  it.each([
    ['engine.cpus', '[engine]\ncpus = -1\n', 'invalid value -1: must be a number of CPUs like 2 or 0.5'],
    ['engine.cpus', '[engine]\ncpus = true\n', 'invalid value true: must be a number of CPUs like 2 or 0.5'],
    ['engine.memory', '[engine]\nmemory = 512\n', 'invalid value 512: must be a size like 512m or 2g'],
    [
      'runner.poll_interval',
      '[runner]\npoll_interval = 5\n',
      'invalid value 5: must be a duration string like 30s, 2m or 24h',
    ],
  ])('refuses an ambiguous or wrong TOML value for %s: %j', (key, toml, message) => {
    const configFlag = file('ambiguous.toml', `[runner]\ntoken = "t"\n${toml.replace('[runner]\n', '')}`);
    expect(() => load({ configFlag })).toThrow(`${configFlag}: ${key}: ${message}`);
  });

  it('coerces environment and flag strings to durations and lists', () => {
    const config = load({
      env: {
        SHITHUB_RUNNER_TOKEN: 't',
        SHITHUB_RUNNER_RUNNER__WORKSPACE_TTL: '2m',
        SHITHUB_RUNNER_RUNNER__NETWORK_ALLOWLIST: 'a.example, ,*.b.example,',
      },
      flags: { pollInterval: '1h30m', longPoll: '45s', cpus: 0.5 },
    });
    expect(config).toMatchObject({
      workspaceTtlMs: 120_000,
      networkAllowlist: ['a.example', '*.b.example'],
      pollIntervalMs: 5_400_000,
      longPollSeconds: 45,
      engine: { cpus: '0.5' },
    });
  });

  it('refuses an empty token by the variable that set it', () => {
    expect(() => load({ env: { SHITHUB_RUNNER_TOKEN: '' } })).toThrow(
      'SHITHUB_RUNNER_TOKEN: invalid value "": is required (the registration token, no spaces)',
    );
  });

  it('names an unknown TOML key', () => {
    expect(() => load({ configFlag: file('bad.toml', '[runner]\ntoken = "t"\ncapacityy = 2\n') })).toThrow(
      /unknown key 'runner\.capacityy'/,
    );
  });

  it('accepts seccomp "unconfined" spelled out without a file', () => {
    expect(load({ flags: { token: 't', seccompProfile: 'unconfined' } }).engine.seccompProfile).toBe(
      'unconfined',
    );
  });
});
