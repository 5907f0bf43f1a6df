/**
 * The runbook's "Retention Sweep" manual smoke on a fresh data folder: with `serve` up,
 * `shithubd admin run-job workflow:cleanup --output json` prints the four counts (through
 * the admin socket) and `/metrics` shows `shithub_actions_runs_pruned_total` for all four
 * kinds; without `serve` the same command runs directly on the embedded database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, jsonOf } from '../support/cli.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';

const ZERO = { dry_run: false, chunks: 0, blobs: 0, runs: 0, jwt_used: 0, failures: 0 };

describe('admin run-job workflow:cleanup (runbook Retention Sweep)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-sweep-'));
  const cli = cliRunner(dir);
  let server: SpawnedServer;

  beforeAll(async () => {
    // A migrated database from the suite-wide snapshot: serve on a fresh folder (initdb) is
    // serve-admin-socket.test.ts's case.
    await seedEmbeddedDatabase(dir);
    server = await spawnServer(dir);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the four counts as JSON while serve runs', async () => {
    expect(jsonOf(await cli(['admin', 'run-job', 'workflow:cleanup', '--output', 'json']))).toEqual(ZERO);
    expect(
      jsonOf(await cli(['admin', 'run-job', 'workflow:cleanup', '--dry-run', '--output', 'json'])),
    ).toEqual({
      ...ZERO,
      dry_run: true,
    });
  });

  it('shows shithub_actions_runs_pruned_total for all four kinds on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const kind of ['chunks', 'blobs', 'runs', 'jwt_used']) {
      expect(text).toMatch(new RegExp(`^shithub_actions_runs_pruned_total\\{kind="${kind}"\\} 0$`, 'm'));
    }
  });

  it('pins and unpins only existing runs', async () => {
    expect(await cli(['admin', 'run', 'pin', '--id', '999'])).toMatchObject({
      code: 1,
      stderr: 'error: run 999 not found\n',
    });
    expect((await cli(['admin', 'run', 'unpin'])).code).toBe(2);
  });

  it('runs directly on the embedded database when serve is not running, in text too', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    const text = await cli(['admin', 'run-job', 'workflow:cleanup']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^dry_run: +false\nchunks: +0\nblobs: +0\nruns: +0\njwt_used: +0\nfailures: +0\n$/,
    );
  });
});
