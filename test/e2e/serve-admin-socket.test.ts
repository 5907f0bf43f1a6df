/**
 * SPEC §18: while `serve` holds the embedded database, admin commands reach it through the
 * admin socket instead of opening PGlite a second time.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, jsonOf } from '../support/cli.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';

describe('serve on the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-serve-'));
  const cli = cliRunner(dir);
  let server: SpawnedServer;

  beforeAll(async () => {
    server = await spawnServer(dir);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('holds the lock with its pid and a 0600 admin socket', () => {
    const lock = JSON.parse(readFileSync(join(dir, 'shithubd.lock'), 'utf8'));
    expect(lock.pid).toBe(server.child.pid);
    expect(lock.socket).toBe(join(dir, 'admin.sock'));
    expect(statSync(lock.socket).mode & 0o777).toBe(0o600);
  });

  it('runs admin commands through the socket while it serves', async () => {
    const reg = jsonOf<{ id: number; token: string }>(
      await cli(['admin', 'runner', 'register', '--name', 'runner-1', '--output', 'json']),
    );
    expect(reg.token).toMatch(/^[0-9a-f]{64}$/);
    const drained = jsonOf(
      await cli([
        'admin',
        'runner',
        'drain',
        '--id',
        String(reg.id),
        '--reason',
        'kernel update',
        '--output',
        'json',
      ]),
    );
    expect(drained).toMatchObject({ drain_reason: 'kernel update' });
    const rows = jsonOf<{ name: string }[]>(await cli(['admin', 'runner', 'list', '--output', 'json']));
    expect(rows.map((r) => r.name)).toEqual(['runner-1']);
    // The server still holds the lock: nothing reopened the database beside it.
    expect(JSON.parse(readFileSync(join(dir, 'shithubd.lock'), 'utf8')).pid).toBe(server.child.pid);
  });

  it('passes domain errors through the socket with the same exit codes', async () => {
    const missing = await cli(['admin', 'runner', 'drain', '--id', '7']);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: runner 7 not found\n' });
    const bad = await cli(['admin', 'runner', 'register', '--name', 'r2', '--capacity', '65']);
    expect(bad.code).toBe(2);
  });

  it('releases the lock and removes the socket on SIGTERM, and the data survives', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dir, 'admin.sock'))).toBe(false);
    expect(existsSync(join(dir, 'shithubd.lock'))).toBe(false);
    const rows = jsonOf<{ name: string }[]>(await cli(['admin', 'runner', 'list', '--output', 'json']));
    expect(rows.map((r) => r.name)).toEqual(['runner-1']);
  });
});
