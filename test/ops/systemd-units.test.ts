/**
 * Every unit in ops/systemd/ passes `systemd-analyze verify` with no warning, and the runner's
 * unit carries the hardening and stop behaviour issue #14 asks for.
 *
 * How verify is run (Debian 12, systemd 252): verify refuses a unit whose ExecStart binary does
 * not exist, and /usr/local/bin/shithubd* are not installed here. With `--root=DIR` it resolves
 * both the unit search path and the Exec paths inside DIR, so the test builds a throwaway root:
 * the host's own units (/usr/lib/systemd/system: sysinit.target, docker.service … that ours
 * order against), ours in DIR/etc/systemd/system unchanged, and an empty executable at every
 * path an Exec line names. `--man=no` skips looking up `man:` pages. verify exits 0 on unknown
 * keys and bad values (it only logs them), so any output at all fails the test too.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithTool, OPS, runTool } from '../support/ops-tools.js';

const UNITS_DIR = join(OPS, 'systemd');
// Every unit file, so units added later (the retention timer) are verified too.
const UNITS = readdirSync(UNITS_DIR).filter((name) => /\.(service|timer|socket|path|target)$/.test(name));
const EXEC = /^Exec[A-Za-z]*=[-@:+!]*(\S+)/gm;

/** `Key=value` lines of a unit, every value of a repeated key in order. */
function directives(unit: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of readFileSync(join(UNITS_DIR, unit), 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) map.set(match[1]!, [...(map.get(match[1]!) ?? []), match[2]!]);
  }
  return map;
}

describeWithTool('systemd-analyze', 'systemd')('ops/systemd units', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'units-root-'));
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    for (const unit of UNITS) {
      const text = readFileSync(join(UNITS_DIR, unit), 'utf8');
      writeFileSync(join(root, 'etc/systemd/system', unit), text);
      for (const [, path] of text.matchAll(EXEC)) {
        mkdirSync(dirname(join(root, path!)), { recursive: true });
        writeFileSync(join(root, path!), '#!/bin/sh\n');
        chmodSync(join(root, path!), 0o755);
      }
    }
  });

  it('ships the server, runner and egress resolver units', () => {
    expect(UNITS).toEqual(
      expect.arrayContaining([
        'shithubd.service',
        'shithubd-runner.service',
        'shithubd-runner-egress-dns.service',
      ]),
    );
  });

  it.each(UNITS)('%s passes systemd-analyze verify without a warning', (unit) => {
    const result = runTool('systemd-analyze', ['verify', `--root=${root}`, '--man=no', unit]);
    expect(result).toEqual({ status: 0, output: '' });
  });

  it('runs the runner as its own user, token from a root-only env file, writable only in its state folder', () => {
    const d = directives('shithubd-runner.service');
    expect(d.get('User')).toEqual(['shithub-runner']);
    expect(d.get('EnvironmentFile')).toEqual(['/etc/shithubd-runner/runner.env']);
    expect(d.get('ReadWritePaths')).toEqual(['/var/lib/shithubd-runner']);
    expect(d.get('StateDirectory')).toEqual(['shithubd-runner']);
    for (const key of ['NoNewPrivileges', 'ProtectHome', 'PrivateTmp']) expect(d.get(key)).toEqual(['yes']);
    expect(d.get('ProtectSystem')).toEqual(['strict']);
    expect(d.get('ExecStart')?.[0]).not.toContain('--token');
  });

  it('lets running jobs finish on stop: SIGTERM to the runner alone, then a wait past the default job timeout', () => {
    const d = directives('shithubd-runner.service');
    expect(d.get('Restart')).toEqual(['on-failure']);
    expect(d.get('KillMode')).toEqual(['mixed']);
    const minutes = Number(/^(\d+)min$/.exec(d.get('TimeoutStopSec')?.[0] ?? '')?.[1]);
    expect(minutes).toBeGreaterThan(360);
  });

  it('hardens the long-running services the same way', () => {
    for (const unit of [
      'shithubd.service',
      'shithubd-runner.service',
      'shithubd-runner-egress-dns.service',
    ]) {
      const d = directives(unit);
      expect([unit, d.get('NoNewPrivileges'), d.get('ProtectSystem')]).toEqual([unit, ['yes'], ['strict']]);
    }
  });
});
