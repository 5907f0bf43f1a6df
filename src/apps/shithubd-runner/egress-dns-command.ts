/**
 * `shithubd-runner egress-dns`: the allowlist DNS resolver of a runner host (runbook
 * "network notes", facts §8.6), run by the Ansible role as its own systemd service on the
 * `shithub-actions` gateway. Steps resolve through it (`engine.dns_servers`); the firewall
 * admits only the addresses it answered (see adapters/dns/nft-address-set.ts).
 */

import { parseHostPort, type Upstream } from '../../adapters/dns/dns-upstream.js';
import { parseDuration } from '../../domain/durations.js';
import { compileAllowlist, type EgressAllowlist } from '../../domain/egress/egress-allowlist.js';
import { isDomainError } from '../../domain/errors.js';
import { ConfigError } from '../config/layered-config.js';
import { type CommandDef, type Flags, stringFlag } from '../shithubd/cli/command.js';
import type { RunnerProcess } from './cli.js';
import { DEFAULT_ALLOWLIST } from './config.js';

export const EGRESS_DNS_DEFAULTS = {
  listen: '172.30.0.1:53',
  upstream: '1.1.1.1',
  timeout: '2s',
  setFile: '/run/shithub-egress/allowed.nft',
  minTtl: '60s',
};

const OPTIONS = [
  {
    flags: '--listen <host:port>',
    description: `address to answer on (default ${EGRESS_DNS_DEFAULTS.listen})`,
  },
  { flags: '--allowlist <csv>', description: 'allowed names: exact or *.suffix (default: the runbook list)' },
  {
    flags: '--upstream <csv>',
    description: `upstream resolvers, asked in order (default ${EGRESS_DNS_DEFAULTS.upstream})`,
  },
  { flags: '--timeout <d>', description: `per upstream attempt (default ${EGRESS_DNS_DEFAULTS.timeout})` },
  {
    flags: '--set-file <path>',
    description: `nft script of admitted addresses (default ${EGRESS_DNS_DEFAULTS.setFile})`,
  },
  {
    flags: '--on-update <program>',
    description: 'run as <program> <set-file> after each change (e.g. nft -f)',
  },
  {
    flags: '--min-ttl <d>',
    description: `shortest time an address stays admitted (default ${EGRESS_DNS_DEFAULTS.minTtl})`,
  },
  { flags: '--log-level <level>', description: 'log level' },
  { flags: '--log-format <format>', description: 'json or pretty' },
];

export function egressDnsCommand(proc: RunnerProcess): CommandDef {
  return {
    path: ['egress-dns'],
    summary:
      'answer DNS for step containers: allowlisted names only, admitting their addresses to the firewall',
    options: OPTIONS,
    run: async (_ctx, flags) => {
      const settings = egressDnsSettings(flags);
      // Loaded here so `shithubd-runner run` never loads the DNS stack (idle RSS, SPEC §20).
      const [{ EgressDnsServer }, { NftAddressSet }, { SystemClock }, { createRunnerLog }] =
        await Promise.all([
          import('../../adapters/dns/egress-dns-server.js'),
          import('../../adapters/dns/nft-address-set.js'),
          import('../../adapters/system/clock.js'),
          import('./pino-log.js'),
        ]);
      const log = createRunnerLog({
        level: stringFlag(flags, 'logLevel', '--log-level') ?? 'info',
        format: stringFlag(flags, 'logFormat', '--log-format') === 'pretty' ? 'pretty' : 'json',
      });
      const server = new EgressDnsServer({
        ...settings,
        addresses: new NftAddressSet({
          file: settings.setFile,
          onUpdate: settings.onUpdate,
          clock: new SystemClock(),
          minTtlSeconds: settings.minTtlMs / 1000,
        }),
        log,
      });
      const bound = await server.start();
      log.info('egress-dns listening', {
        address: bound.address,
        port: bound.port,
        set_file: settings.setFile,
      });
      await new Promise<void>((resolve) => {
        const off = proc.onSignal((signal) => {
          log.info('egress-dns stopping', { signal });
          off();
          resolve();
        });
      });
      await server.close();
      return 0;
    },
  };
}

export interface EgressDnsSettings {
  listen: { host: string; port: number };
  allowlist: EgressAllowlist;
  upstreams: Upstream[];
  timeoutMs: number;
  setFile: string;
  onUpdate?: string;
  minTtlMs: number;
}

/** Reads and checks the flags; a bad one is a ConfigError naming it (exit 2). */
export function egressDnsSettings(flags: Flags): EgressDnsSettings {
  const text = (key: string, flag: string, fallback: string) => stringFlag(flags, key, flag) ?? fallback;
  const listenText = text('listen', '--listen', EGRESS_DNS_DEFAULTS.listen);
  // Port 0 picks a free port (tests).
  const listen = parseHostPort(listenText, 0);
  if (!listen) {
    throw new ConfigError(`--listen: '${listenText}' must be an IP address and port, like 172.30.0.1:53`);
  }
  const upstreams = csv(text('upstream', '--upstream', EGRESS_DNS_DEFAULTS.upstream)).map((entry) => {
    const upstream = parseHostPort(entry);
    if (!upstream)
      throw new ConfigError(`--upstream: '${entry}' must be an IP address, optionally with :port`);
    return upstream;
  });
  if (upstreams.length === 0) throw new ConfigError('--upstream: needs at least one resolver');
  const allowlistCsv = stringFlag(flags, 'allowlist', '--allowlist');
  return {
    listen,
    allowlist: allowlistOf(allowlistCsv === undefined ? DEFAULT_ALLOWLIST : csv(allowlistCsv)),
    upstreams,
    timeoutMs: durationOf('--timeout', text('timeout', '--timeout', EGRESS_DNS_DEFAULTS.timeout)),
    setFile: text('setFile', '--set-file', EGRESS_DNS_DEFAULTS.setFile),
    onUpdate: stringFlag(flags, 'onUpdate', '--on-update'),
    minTtlMs: durationOf('--min-ttl', text('minTtl', '--min-ttl', EGRESS_DNS_DEFAULTS.minTtl)),
  };
}

function allowlistOf(patterns: string[]): EgressAllowlist {
  try {
    return compileAllowlist(patterns);
  } catch (err) {
    if (isDomainError(err)) throw new ConfigError(`--allowlist: ${err.message}`);
    throw err;
  }
}

function durationOf(flag: string, value: string): number {
  try {
    const ms = parseDuration(value, flag);
    if (ms > 0) return ms;
  } catch {
    // reported below, with the rule
  }
  throw new ConfigError(`${flag}: '${value}' must be a positive duration like 2s or 1m`);
}

const csv = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
