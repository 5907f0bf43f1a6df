/**
 * The admitted-address set as the firewall reads it: the nft script the Ansible role's hook
 * loads (`nft -f`), rewritten on change and handed to the hook program before the answer.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NftAddressSet, renderNftSetScript } from '../../../src/adapters/dns/nft-address-set.js';
import { FakeClock } from '../../support/fake-clock.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('renderNftSetScript', () => {
  it('flushes both sets and adds each live address with its remaining lifetime, sorted', () => {
    const entries = new Map([
      ['140.82.112.4', { family: 4 as const, expiresAtMs: NOW + 90_500 }],
      ['140.82.112.3', { family: 4 as const, expiresAtMs: NOW + 60_000 }],
      ['2606:50c0:8000::154', { family: 6 as const, expiresAtMs: NOW + 300_000 }],
      ['1.2.3.4', { family: 4 as const, expiresAtMs: NOW - 1 }],
    ]);
    expect(renderNftSetScript(entries, NOW).split('\n')).toEqual([
      '# Written by shithubd-runner egress-dns: the addresses it answered, with their remaining TTL.',
      'flush set inet shithub_actions egress_v4',
      'flush set inet shithub_actions egress_v6',
      'add element inet shithub_actions egress_v4 { 140.82.112.3 timeout 60s, 140.82.112.4 timeout 91s }',
      'add element inet shithub_actions egress_v6 { 2606:50c0:8000::154 timeout 300s }',
      '',
    ]);
  });

  it('writes no add line for an empty set (nft refuses `{ }`)', () => {
    expect(renderNftSetScript(new Map(), NOW)).not.toContain('add element');
  });
});

describe('NftAddressSet', () => {
  function setup(hookExit = 0) {
    const dir = mkdtempSync(join(tmpdir(), 'nft-set-'));
    const hook = join(dir, 'hook.sh');
    // Records each call: the path it got and the script's add lines at that moment.
    writeFileSync(
      hook,
      `#!/bin/sh\necho "$1" >>"${dir}/calls"\ngrep -c 'timeout' "$1" >>"${dir}/calls"\nexit ${hookExit}\n`,
    );
    chmodSync(hook, 0o755);
    const clock = new FakeClock('2026-01-01T00:00:00Z');
    const file = join(dir, 'allowed.nft');
    const set = new NftAddressSet({ file, onUpdate: hook, clock, minTtlSeconds: 60 });
    const calls = () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    return { set, file, clock, calls };
  }

  it('writes the script and runs the hook with its path before admit resolves; TTLs below the floor are raised', async () => {
    const { set, file, calls } = setup();
    await set.admit([{ address: '140.82.112.3', family: 4, ttlSeconds: 20 }]);
    expect(readFileSync(file, 'utf8')).toContain('{ 140.82.112.3 timeout 60s }');
    expect(calls()).toEqual([file, '1']);
  });

  it('does not rewrite for an address admitted already for about as long, but does when it would lapse', async () => {
    const { set, clock, calls } = setup();
    const github = { address: '140.82.112.3', family: 4 as const, ttlSeconds: 300 };
    await set.admit([github]);
    clock.advance(10_000);
    await set.admit([github]);
    expect(calls()).toHaveLength(2);
    clock.advance(290_000);
    await set.admit([github, { address: '2606:50c0:8000::154', family: 6, ttlSeconds: 60 }]);
    expect(calls()).toHaveLength(4);
  });

  it('drops expired addresses from the next script', async () => {
    const { set, file, clock } = setup();
    await set.admit([{ address: '140.82.112.3', family: 4, ttlSeconds: 60 }]);
    clock.advance(61_000);
    await set.admit([{ address: '140.82.112.4', family: 4, ttlSeconds: 60 }]);
    expect(readFileSync(file, 'utf8')).not.toContain('140.82.112.3');
  });

  it('rejects when the hook fails, and writes again on the next admit even without news', async () => {
    const { set, calls } = setup(1);
    const github = { address: '140.82.112.3', family: 4 as const, ttlSeconds: 60 };
    await expect(set.admit([github])).rejects.toThrow(/hook\.sh .*allowed\.nft failed \(1\)/);
    await expect(set.admit([github])).rejects.toThrow();
    expect(calls()).toHaveLength(4);
  });
});
