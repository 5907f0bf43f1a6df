/**
 * The runbook's pool operations, run through the real CLI code on the embedded database
 * (PGlite in a temporary data folder), exactly as an operator types them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, jsonOf } from '../support/cli.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

type RunnerRow = Record<string, unknown> & { id: number; name: string };

describe('admin runner commands on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-cli-'));
  const cli = cliRunner(dir);
  const list = async () => jsonOf<RunnerRow[]>(await cli(['admin', 'runner', 'list', '--output', 'json']));
  let registered: Record<string, unknown>;

  beforeAll(async () => {
    await seedEmbeddedDatabase(dir);
    registered = jsonOf(
      await cli([
        'admin',
        'runner',
        'register',
        '--name',
        'runner-1',
        '--labels',
        'self-hosted,linux,ubuntu-latest,x64',
        '--capacity',
        '1',
        '--output',
        'json',
      ]),
    );
  });

  it('registers a runner and prints {id,name,labels,capacity,token} with a 64-hex token', () => {
    expect(Object.keys(registered).sort()).toEqual(['capacity', 'id', 'labels', 'name', 'token']);
    expect(registered).toMatchObject({
      id: 1,
      name: 'runner-1',
      labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
      capacity: 1,
    });
    expect(registered.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the runner with every field of SPEC §14', async () => {
    const [row] = await list();
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        'active_job_count',
        'capacity',
        'created_at',
        'drain_reason',
        'draining_at',
        'host_name',
        'id',
        'labels',
        'last_heartbeat_age_seconds',
        'last_heartbeat_at',
        'name',
        'revoked_at',
        'revoked_reason',
        'status',
        'version',
      ].sort(),
    );
    expect(row).toMatchObject({ id: 1, status: 'offline', active_job_count: 0, draining_at: null });
  });

  it('drains with a reason and undrains, visible in list', async () => {
    const drained = jsonOf<RunnerRow>(
      await cli(['admin', 'runner', 'drain', '--id', '1', '--reason', 'kernel update', '--output', 'json']),
    );
    expect(drained).toMatchObject({ id: 1, name: 'runner-1', drain_reason: 'kernel update' });
    expect((await list())[0]?.drain_reason).toBe('kernel update');
    const undrained = await cli(['admin', 'runner', 'undrain', '--id', '1']);
    expect(undrained.code).toBe(0);
    expect((await list())[0]).toMatchObject({ draining_at: null, drain_reason: null });
  });

  it('rotates the token with an expiry and prints the same shape as register', async () => {
    const rotated = jsonOf<Record<string, unknown>>(
      await cli(['admin', 'runner', 'rotate-token', '--id', '1', '--expires-in', '24h', '--output', 'json']),
    );
    expect(rotated).toMatchObject({ id: 1, name: 'runner-1', capacity: 1 });
    expect(rotated.token).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.token).not.toBe(registered.token);
    const expires = Date.parse(String(rotated.token_expires_at)) - Date.now();
    expect(expires).toBeGreaterThan(23 * 3600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('cleans up stale runners (a never-seen offline runner stays as it is)', async () => {
    const result = jsonOf<unknown[]>(
      await cli(['admin', 'runner', 'cleanup-stale', '--older-than', '2m', '--output', 'json']),
    );
    expect(result).toEqual([]);
  });

  it.each([
    [
      'capacity 0',
      ['admin', 'runner', 'register', '--name', 'r2', '--capacity', '0'],
      2,
      'capacity must be between 1 and 64',
    ],
    [
      'capacity 65',
      ['admin', 'runner', 'register', '--name', 'r2', '--capacity', '65'],
      2,
      'capacity must be between 1 and 64',
    ],
    [
      'a label with a space',
      ['admin', 'runner', 'register', '--name', 'r2', '--labels', 'linux,ubuntu latest'],
      2,
      'label "ubuntu latest"',
    ],
    ['an unknown runner id', ['admin', 'runner', 'drain', '--id', '7'], 1, 'runner 7 not found'],
    [
      'a malformed duration',
      ['admin', 'runner', 'cleanup-stale', '--older-than', 'soon'],
      2,
      "invalid duration 'soon'",
    ],
    [
      'a malformed expiry',
      ['admin', 'runner', 'rotate-token', '--id', '1', '--expires-in', '1 day'],
      2,
      'invalid duration',
    ],
    [
      'an id that is not a number',
      ['admin', 'runner', 'revoke', '--id', 'one'],
      2,
      '--id must be a positive integer',
    ],
    ['an unknown flag', ['admin', 'runner', 'list', '--colour'], 2, 'Unknown option `--colour`'],
    ['a missing required flag', ['admin', 'runner', 'drain'], 2, '--id is required'],
    ['an unknown command', ['admin', 'runner', 'explode'], 2, "unknown command 'admin runner explode'"],
  ])('rejects %s with one line, a non-zero exit and no change', async (_name, argv, code, message) => {
    const before = await list();
    const result = await cli(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(await list()).toEqual(before);
  });

  it('rejects an unknown configuration key with the key and changes nothing', async () => {
    const before = await list();
    const bad = cliRunner(dir, { SHITHUB_ACTIONS__RUNNER_LOST_AFTR: '5m' });
    const result = await bad(['admin', 'runner', 'register', '--name', 'r3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown key 'actions.runner_lost_aftr'");
    expect(await list()).toEqual(before);
  });

  it('revokes: records the reason, drains, goes offline and revokes the tokens', async () => {
    const revoked = jsonOf<Record<string, unknown>>(
      await cli([
        'admin',
        'runner',
        'revoke',
        '--id',
        '1',
        '--reason',
        'host compromise',
        '--output',
        'json',
      ]),
    );
    expect(revoked).toMatchObject({
      id: 1,
      name: 'runner-1',
      revoked_reason: 'host compromise',
      tokens_revoked: 1,
    });
    expect((await list())[0]).toMatchObject({
      status: 'offline',
      revoked_reason: 'host compromise',
      drain_reason: 'host compromise',
    });
    const again = await cli(['admin', 'runner', 'rotate-token', '--id', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('revoked');
  });
});
