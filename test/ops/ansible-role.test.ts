/**
 * ops/ansible: the example playbook and the shithubd-runner role pass
 * `ansible-playbook --syntax-check` and `ansible-lint` (Debian's, production profile), and
 * the role's templates, rendered by Ansible itself with the role's defaults, give a runner
 * configuration and egress resolver settings the real loaders accept, with the same allowlist,
 * and the firewall sets the resolver writes.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { beforeAll, expect, it } from 'vitest';
import { NFT_SETS, NFT_TABLE } from '../../src/adapters/dns/nft-address-set.js';
import { DEFAULT_ALLOWLIST, loadRunnerConfig } from '../../src/apps/shithubd-runner/config.js';
import { egressDnsSettings } from '../../src/apps/shithubd-runner/egress-dns-command.js';
import { compileAllowlist } from '../../src/domain/egress/egress-allowlist.js';
import { describeWithTool, OPS, runTool } from '../support/ops-tools.js';

const DIR = join(OPS, 'ansible');
const ROLE = join(DIR, 'roles/shithubd-runner');
const ENV = {
  ANSIBLE_CONFIG: join(DIR, 'ansible.cfg'),
  ANSIBLE_LOCALHOST_WARNING: 'false',
  ANSIBLE_NOCOLOR: '1',
  NO_COLOR: '1',
};
const TEMPLATES = ['config.toml', 'runner.env', 'egress-dns.env', 'shithub-actions.nft'];
const SLOW_MS = 240_000;

type Task = Record<string, unknown> & { name: string };
const tasks = (file: string) => yaml.load(readFileSync(join(ROLE, 'tasks', file), 'utf8')) as Task[];

/** `NAME=value` lines of a rendered env file. */
function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describeWithTool('ansible-playbook', 'ansible')('ops/ansible runner role', () => {
  const out = mkdtempSync(join(tmpdir(), 'role-render-'));
  const rendered = (name: string) => readFileSync(join(out, name), 'utf8');

  beforeAll(() => {
    // One local play that renders every template with the role's defaults, and a token as an
    // extra var (vars_files would beat play vars).
    const play = [
      {
        name: 'Render the role templates',
        hosts: 'localhost',
        connection: 'local',
        gather_facts: false,
        vars_files: [join(ROLE, 'defaults/main.yml')],
        tasks: TEMPLATES.map((name) => ({
          name: `Render ${name}`,
          'ansible.builtin.template': {
            src: join(ROLE, 'templates', `${name}.j2`),
            dest: join(out, name),
            mode: '0600',
          },
        })),
      },
    ];
    writeFileSync(join(out, 'render.yml'), yaml.dump(play));
    const result = runTool(
      'ansible-playbook',
      ['-i', 'localhost,', '-e', `shithubd_runner_token=${'f'.repeat(64)}`, join(out, 'render.yml')],
      { env: ENV },
    );
    if (result.status !== 0) throw new Error(`rendering failed:\n${result.output}`);
  }, SLOW_MS);

  it(
    'passes ansible-playbook --syntax-check',
    () => {
      const result = runTool('ansible-playbook', ['--syntax-check', 'runner-hosts.yml'], {
        cwd: DIR,
        env: ENV,
      });
      expect(result).toMatchObject({ status: 0 });
    },
    SLOW_MS,
  );

  it('renders a runner config the runner loads, token from runner.env, egress through the gateway', () => {
    const config = loadRunnerConfig({
      configFlag: join(out, 'config.toml'),
      flags: {},
      env: envFile(rendered('runner.env')),
      cwd: '/',
      fileExists: (path) => path === join(out, 'config.toml') || path === '/etc/shithubd-runner/seccomp.json',
    });
    expect(config).toMatchObject({
      token: 'f'.repeat(64),
      serverUrl: 'https://shithub.example',
      networkAllowlist: DEFAULT_ALLOWLIST,
      engine: { kind: 'docker', network: 'shithub-actions', dnsServers: ['172.30.0.1'] },
    });
    expect(rendered('config.toml')).not.toMatch(/^token\s*=/m);
    expect(rendered('config.toml')).not.toContain('f'.repeat(64));
  });

  it('renders resolver settings `egress-dns` accepts, with the same allowlist as the runner', () => {
    const env = envFile(rendered('egress-dns.env'));
    const settings = egressDnsSettings({
      listen: env.EGRESS_DNS_LISTEN,
      allowlist: env.EGRESS_DNS_ALLOWLIST,
      upstream: env.EGRESS_DNS_UPSTREAM,
    });
    expect(settings.listen).toEqual({ host: '172.30.0.1', port: 53 });
    expect(settings.allowlist).toEqual(compileAllowlist(DEFAULT_ALLOWLIST));
    expect(settings.upstreams.map((u) => u.host)).toEqual(['1.1.1.1', '1.0.0.1']);
    const unit = readFileSync(join(OPS, 'systemd/shithubd-runner-egress-dns.service'), 'utf8');
    for (const name of Object.keys(env)) expect(unit).toContain(`\${${name}}`);
  });

  it('declares the nft table and sets the resolver refills, and rejects everything else from the bridge', () => {
    const rules = rendered('shithub-actions.nft');
    expect(rules).toContain(`table ${NFT_TABLE} {`);
    for (const set of Object.values(NFT_SETS))
      expect(rules).toMatch(new RegExp(`set ${set} \\{[^}]*flags timeout`));
    expect(rules).toContain('ip daddr 172.30.0.1 meta l4proto { tcp, udp } th dport 53 accept');
    expect(rules.match(/iifname "shact0" counter reject/g)).toHaveLength(2);
  });

  it('writes the token file root-only (0600) without logging it', () => {
    const write = tasks('configure.yml').find((t) => t.name.startsWith('Write the registration token'));
    expect(write?.['ansible.builtin.template']).toMatchObject({
      dest: '/etc/shithubd-runner/runner.env',
      mode: '0600',
      owner: 'root',
    });
    expect(write?.no_log).toBe(true);
  });

  it('installs the units and the seccomp profile of ops/ itself (its files are links, not copies)', () => {
    for (const [file, target] of [
      ['shithubd-runner.service', 'systemd/shithubd-runner.service'],
      ['shithubd-runner-egress-dns.service', 'systemd/shithubd-runner-egress-dns.service'],
      ['seccomp.json', 'seccomp.json'],
    ]) {
      expect(realpathSync(join(ROLE, 'files', file!))).toBe(realpathSync(join(OPS, target!)));
    }
    expect(existsSync(join(ROLE, 'files/shithub-egress-apply'))).toBe(true);
  });
});

describeWithTool('ansible-lint', 'ansible-lint')('ops/ansible under ansible-lint', () => {
  it(
    'passes ansible-lint with the production profile',
    () => {
      const result = runTool('ansible-lint', [], { cwd: DIR, env: ENV });
      expect(result.output).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
      expect(result.status).toBe(0);
    },
    SLOW_MS,
  );
});
