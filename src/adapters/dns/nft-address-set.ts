/**
 * The addresses the egress resolver answered, kept as the nftables sets the runner host's
 * firewall admits step traffic to (ops/ansible/roles/shithubd-runner/templates/nftables.conf.j2
 * declares `table inet shithub_actions` with the sets `egress_v4` and `egress_v6`, flag
 * `timeout`). On every change the whole set is written as an `nft -f` script (flush, then
 * every live address with its remaining lifetime: one atomic nft transaction) by an atomic
 * rename, then the hook program runs with the file's path (the role installs one that runs
 * `nft -f "$1"`). The resolver awaits this before it answers, so a step never connects to an
 * address the firewall does not know yet; a failing hook fails the answer (SERVFAIL), closed.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import type { Clock } from '../../ports/clock.js';
import type { AdmittedAddress } from './dns-messages.js';

export const NFT_TABLE = 'inet shithub_actions';
export const NFT_SETS = { 4: 'egress_v4', 6: 'egress_v6' } as const;

/** Where admitted addresses go; the resolver awaits `admit` before it answers. */
export interface AddressSink {
  admit(addresses: readonly AdmittedAddress[]): Promise<void>;
}

export interface NftSetOptions {
  /** The nft script to (re)write. */
  file: string;
  /** Run as `<onUpdate> <file>` after each write (no shell); none: the file only. */
  onUpdate?: string;
  clock: Clock;
  /** A record's TTL below this is raised to it: a step connects a moment after resolving. */
  minTtlSeconds: number;
}

interface Entry {
  family: 4 | 6;
  expiresAtMs: number;
}

export class NftAddressSet implements AddressSink {
  private readonly entries = new Map<string, Entry>();
  private writing: Promise<void> = Promise.resolve();
  /** The last write failed: the firewall may lack addresses the map has, so write again. */
  private unsynced = false;

  constructor(private readonly options: NftSetOptions) {}

  async admit(addresses: readonly AdmittedAddress[]): Promise<void> {
    const now = this.options.clock.now().getTime();
    // An address already admitted for most of its new lifetime is not rewritten on every query.
    const slackMs = (this.options.minTtlSeconds * 1000) / 4;
    let changed = false;
    for (const { address, family, ttlSeconds } of addresses) {
      const expiresAtMs = now + Math.max(ttlSeconds, this.options.minTtlSeconds) * 1000;
      const known = this.entries.get(address);
      if (known && known.expiresAtMs > now && expiresAtMs - known.expiresAtMs <= slackMs) continue;
      this.entries.set(address, { family, expiresAtMs });
      changed = true;
    }
    if (!changed && !this.unsynced) return;
    for (const [address, entry] of this.entries) if (entry.expiresAtMs <= now) this.entries.delete(address);
    // One write at a time, in order; each caller waits for a write that includes its addresses.
    const write = this.writing.catch(() => undefined).then(() => this.write());
    this.writing = write;
    await write;
  }

  private async write(): Promise<void> {
    this.unsynced = true;
    await this.writeFile();
    this.unsynced = false;
  }

  private async writeFile(): Promise<void> {
    const { file, onUpdate, clock } = this.options;
    const script = renderNftSetScript(this.entries, clock.now().getTime());
    writeFileSync(`${file}.tmp`, script, { mode: 0o644 });
    renameSync(`${file}.tmp`, file);
    if (onUpdate === undefined) return;
    const run = await execa(onUpdate, [file], { reject: false, timeout: 10_000, stdin: 'ignore' });
    if (run.exitCode !== 0) {
      throw new Error(`${onUpdate} ${file} failed (${run.exitCode ?? run.signal}): ${run.stderr.trim()}`);
    }
  }
}

/** The nft script for these entries at `nowMs`: both sets flushed, then refilled. */
export function renderNftSetScript(entries: ReadonlyMap<string, Entry>, nowMs: number): string {
  const lines = [
    '# Written by shithubd-runner egress-dns: the addresses it answered, with their remaining TTL.',
    ...Object.values(NFT_SETS).map((set) => `flush set ${NFT_TABLE} ${set}`),
  ];
  for (const family of [4, 6] as const) {
    const elements = [...entries]
      .filter(([, entry]) => entry.family === family && entry.expiresAtMs > nowMs)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([address, entry]) => `${address} timeout ${Math.ceil((entry.expiresAtMs - nowMs) / 1000)}s`);
    if (elements.length > 0)
      lines.push(`add element ${NFT_TABLE} ${NFT_SETS[family]} { ${elements.join(', ')} }`);
  }
  return `${lines.join('\n')}\n`;
}
