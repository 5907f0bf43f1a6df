/**
 * The runbook's retention timer (SPEC §16, §19): `ops/systemd/shithubd-cron.timer` starts
 * `shithubd-cron.service` daily at 03:30 UTC, and both pass `systemd-analyze verify` with no
 * output. verify refuses a unit whose ExecStart binary is missing, so it runs with `--root`
 * on a throwaway root: the host's units, ours in `etc/systemd/system`, and an empty
 * executable at each Exec path. Skips visibly without systemd-analyze (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const UNITS_DIR = resolve(import.meta.dirname, '../../ops/systemd');
const UNITS = ['shithubd-cron.service', 'shithubd-cron.timer'];
const EXEC = /^Exec[A-Za-z]*=[-@:+!]*(\S+)/gm;
const present = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { stdio: 'ignore' }).status === 0;
const note = present ? '' : ' [skipped: systemd-analyze missing; apt-get install systemd]';

const unitText = (unit: string) => readFileSync(join(UNITS_DIR, unit), 'utf8');
const values = (unit: string, key: string) =>
  [...unitText(unit).matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);

describe('retention timer units', () => {
  it('starts the sweep service daily at 03:30 UTC, catching up a missed run', () => {
    expect(values('shithubd-cron.timer', 'OnCalendar')).toEqual(['*-*-* 03:30:00 UTC']);
    expect(values('shithubd-cron.timer', 'Unit')).toEqual(['shithubd-cron.service']);
    expect(values('shithubd-cron.timer', 'Persistent')).toEqual(['true']);
  });

  it('runs the runbook command once, as the server user, hardened', () => {
    const [exec] = values('shithubd-cron.service', 'ExecStart');
    expect(exec).toMatch(/ admin run-job workflow:cleanup .*--output json$/);
    expect(values('shithubd-cron.service', 'Type')).toEqual(['oneshot']);
    expect(values('shithubd-cron.service', 'User')).toEqual(['shithubd']);
    expect(values('shithubd-cron.service', 'NoNewPrivileges')).toEqual(['yes']);
    expect(values('shithubd-cron.service', 'ProtectSystem')).toEqual(['strict']);
  });
});

(present ? describe : describe.skip)(`retention timer units: systemd-analyze verify${note}`, () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cron-units-root-'));
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
    for (const unit of UNITS) {
      const text = unitText(unit);
      writeFileSync(join(root, 'etc/systemd/system', unit), text);
      for (const [, path] of text.matchAll(EXEC)) {
        mkdirSync(dirname(join(root, path!)), { recursive: true });
        writeFileSync(join(root, path!), '#!/bin/sh\n');
        chmodSync(join(root, path!), 0o755);
      }
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(UNITS)('%s passes without a word', (unit) => {
    const result = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '--man=no', unit], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({
      status: 0,
      output: '',
    });
  });
});
